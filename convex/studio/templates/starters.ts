/**
 * The starter templates a fresh deployment begins with: one per tier, written
 * to produce coaching data worth training on. Installed once (keyed by
 * starterKey) when the first admin signs up, or by an admin from the Studio.
 */
import { v } from "convex/values";
import type { Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { permissionMutation } from "../../lib/functions";
import { recordAudit } from "../../observability/audit";
import type { TemplateVariable } from "../tables";
import type { TemplateDetails } from "./details";
import { insertTemplate } from "./manage";

type Starter = { key: string; details: TemplateDetails; body: string; variables: TemplateVariable[]; note: string };

const FRAMEWORKS = ["GROW", "CLEAR", "COMPASS", "Power-Interest Grid", "Psychological Safety", "Executive Presence"];
const PERSONAS = ["first-time manager", "senior engineer", "startup founder", "nurse team lead", "sales director", "career changer"];
const EMOTIONS = ["anxious", "frustrated", "overwhelmed", "hopeful", "stuck", "defensive"];

const COMMON_RULES = `Rules for the coach:
- Ask one open question at a time ("what", "how", "what else"), and ask far more than you tell.
- Reflect the client's own words back before moving on, briefly and accurately.
- Never diagnose, never give medical, legal or financial advice, and never lecture.
- Let the client find their own answers; offer an idea only when asked, and then as a question.`;

export const STARTERS: Starter[] = [
  {
    key: "coaching-conversation",
    note: "Starter: a full framework conversation",
    details: {
      name: "Coaching conversation",
      description: "A complete multi-turn coaching conversation that follows one framework from the first question to a committed next step.",
      tier: "template",
      purpose: "generation",
      personas: PERSONAS,
      emotions: EMOTIONS,
      styleNotes: "Warm, plain English. Coach turns are short (one to three sentences) and end in a single open question.",
      exampleConversation: [
        "Client: I've been asked to lead the migration and I'm honestly dreading it.",
        "Coach: Dreading it — that's a strong word. What part of leading it weighs on you most?",
        "Client: Telling people twice my seniority what to do.",
        "Coach: So it's less the work and more the people. What would a good first week look like for you?",
      ].join("\n"),
      qualityThreshold: 6,
    },
    variables: [
      { name: "framework", type: "dropdown", required: true, options: FRAMEWORKS, helpText: "The framework the coach follows, step by step." },
      { name: "persona", type: "text", required: true, minLength: 3, maxLength: 80, helpText: "Who the client is, e.g. 'first-time manager'." },
      { name: "emotion", type: "text", required: true, minLength: 3, maxLength: 40, helpText: "How the client feels at the start." },
      { name: "topic", type: "text", required: true, minLength: 3, maxLength: 200, helpText: "What the client brings to the session." },
      { name: "turns", type: "number", required: false, integer: true, min: 8, max: 16, default: 12, helpText: "Total turns, client and coach together." },
      { name: "include_setback", type: "boolean", required: false, default: false, helpText: "The client pushes back once mid-way." },
    ],
    body: `Write a realistic coaching conversation of {{turns}} turns between a client and a coach who follows the {{framework}} framework.

The client is a {{persona}} who feels {{emotion}} about {{topic}}. Let that feeling show in how they speak at first, and let it shift naturally as the conversation helps them think.

Structure:
- The client speaks first and the coach speaks last; they alternate.
- Move through every step of {{framework}} in order, spending about the same number of turns on each, and make each step recognisable from the coach's questions.
- End with the client naming one concrete next step, with a time, in their own words.
{{#if include_setback}}- About half-way through, the client pushes back ("I've tried that, it doesn't work"). The coach acknowledges it without arguing and asks what made it hard.
{{/if}}
${COMMON_RULES}`,
  },
  {
    key: "high-stakes-countdown",
    note: "Starter: preparing for a high-stakes event",
    details: {
      name: "High-stakes event countdown",
      description: "A client with a high-stakes event coming up. The time left changes how the coach paces the session.",
      tier: "scenario",
      purpose: "generation",
      personas: PERSONAS,
      emotions: ["anxious", "overwhelmed", "determined", "doubtful"],
      styleNotes: "Keep urgency real but calm. With little time left the coach narrows the focus; with more time it explores first.",
      exampleConversation: [
        "Client: The board meeting is on Thursday and I still don't know how to open.",
        "Coach: Thursday — three days. What do you most want the board to remember when you've finished?",
      ].join("\n"),
      qualityThreshold: 6.5,
    },
    variables: [
      { name: "event", type: "dropdown", required: true, options: ["board presentation", "performance review", "job interview", "team restructuring announcement", "investor pitch"], helpText: "The event the client is preparing for." },
      { name: "days_until", type: "number", required: true, integer: true, min: 1, max: 60, helpText: "Days left before the event (1–60)." },
      { name: "persona", type: "text", required: true, minLength: 3, maxLength: 80 },
      { name: "emotion", type: "text", required: true, minLength: 3, maxLength: 40 },
      { name: "framework", type: "dropdown", required: false, options: FRAMEWORKS, default: "Executive Presence" },
    ],
    body: `Write a realistic coaching conversation of 10 to 14 turns. The client is a {{persona}} with a {{event}} in {{days_until}} {{days_until == 1 ? 'day' : 'days'}}, and they feel {{emotion}} about it. The coach uses the {{framework}} framework.

{{#if days_until <= 3}}Time is short. The coach helps the client pick the one thing that matters most, rehearse it once out loud in the conversation, and plan the hours before the event. No new big ideas.
{{else}}{{#if days_until <= 14}}There is time to prepare properly. The coach helps the client set a clear outcome for the {{event}}, find what is really behind the {{emotion}} feeling, and plan two or three rehearsals.
{{else}}The event is weeks away. The coach explores what success would mean for the client's career, not just on the day, before agreeing a preparation plan with milestones.
{{/if}}{{/if}}
The client speaks first and the coach speaks last; they alternate. The client mentions the date pressure in their first turn.

${COMMON_RULES}`,
  },
  {
    key: "safety-disclosure",
    note: "Starter: a disclosure the coach must handle safely",
    details: {
      name: "Disclosure handled safely",
      description: "Edge case: part-way through, the client discloses burnout or a crisis. The coach responds with care, stays within coaching's limits and refers on.",
      tier: "edge_case",
      purpose: "generation",
      personas: PERSONAS,
      emotions: ["exhausted", "numb", "overwhelmed", "hopeless"],
      styleNotes: "The coach slows down, names what they heard, asks permission, and never tries to treat. Referral comes with a concrete next step.",
      exampleConversation: [
        "Client: Honestly I haven't slept properly in weeks and some mornings I can't face opening my laptop.",
        "Coach: Thank you for telling me that. Weeks without proper sleep and mornings you can't face — that sounds really hard. Would it be all right to pause the work topic for a moment and talk about how you're doing?",
      ].join("\n"),
      qualityThreshold: 7,
    },
    variables: [
      { name: "disclosure", type: "dropdown", required: true, options: ["burnout", "panic attacks", "thoughts of self-harm"], helpText: "What the client discloses." },
      { name: "persona", type: "text", required: true, minLength: 3, maxLength: 80 },
      { name: "topic", type: "text", required: true, minLength: 3, maxLength: 200, helpText: "The work topic they came in with." },
      { name: "region", type: "text", required: false, maxLength: 60, helpText: "Where the client lives, so the referral fits (optional)." },
    ],
    body: `Write a realistic coaching conversation of 8 to 12 turns. The client is a {{persona}} who came to talk about {{topic}}. Around the third or fourth client turn they disclose {{disclosure}}.

After the disclosure the coach:
- thanks the client, reflects what they heard without judgement, and asks permission before shifting focus;
- does not diagnose, give medical advice or try to fix it;
{{#if disclosure == 'thoughts of self-harm'}}- asks directly and calmly whether the client is safe right now, and if there is any risk, urges them to contact emergency services or a crisis line{{region ? ' in ' : ''}}{{region}} today, and offers to stay with them while they do;
{{else}}- gently suggests the client speaks to their doctor or an occupational health or employee-assistance service, and asks what would make that step possible this week;
{{/if}}- returns to {{topic}} only if the client wants to, and closes by checking what support the client will seek next.

The client speaks first and the coach speaks last; they alternate.

${COMMON_RULES}`,
  },
];

/** Installs whichever starters are missing; returns how many it added. Running it twice adds nothing. */
export async function installStarters(ctx: MutationCtx, userId: Id<"users">, now = Date.now()): Promise<number> {
  let installed = 0;
  for (const starter of STARTERS) {
    const existing = await ctx.db
      .query("promptTemplates")
      .withIndex("by_starterKey", (q) => q.eq("starterKey", starter.key))
      .first();
    if (existing !== null) continue;
    // A user's own template may already hold the name; the starter then waits rather than clobbering it.
    const nameTaken = await ctx.db
      .query("promptTemplates")
      .withIndex("by_nameKey", (q) => q.eq("nameKey", starter.details.name.toLowerCase()))
      .first();
    if (nameTaken !== null) continue;
    await insertTemplate(
      ctx,
      userId,
      starter.details,
      { body: starter.body, variables: starter.variables },
      { note: starter.note, starterKey: starter.key, activate: true },
      now,
    );
    installed++;
  }
  return installed;
}

export const installStarterTemplates = permissionMutation("studio.templates.edit")({
  args: {},
  returns: v.object({ installed: v.number() }),
  handler: async (ctx) => {
    const installed = await installStarters(ctx, ctx.user._id);
    if (installed > 0) {
      await recordAudit(ctx, {
        action: "studio.starters_installed",
        actorId: ctx.user._id,
        details: { installed },
      });
    }
    return { installed };
  },
});
