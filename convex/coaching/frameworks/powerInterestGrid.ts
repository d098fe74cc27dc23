import type { Framework } from "./types";

/**
 * Power-Interest Grid (Mendelow): place stakeholders by their power over an
 * initiative and their interest in it, then engage each quadrant differently:
 * manage closely, keep satisfied, keep informed, monitor.
 */
export const POWER_INTEREST_GRID: Framework = {
  id: "POWER_INTEREST_GRID",
  name: "Power-Interest Grid",
  description:
    "A practical way to win support for an initiative. You list everyone who can affect or is affected by it, place them on a grid by their power and their interest, plan how to engage each group, and prepare the message and next step for the person who matters most. Best when you need buy-in, approval or sponsorship across a political or matrixed organisation.",
  typicalDurationMinutes: 45,
  suits: ["stakeholder_management"],
  keywords: [
    "stakeholders",
    "stakeholder",
    "influence",
    "buy-in",
    "sponsor",
    "sponsorship",
    "politics",
    "political",
    "approval",
    "board",
    "executive team",
    "senior leaders",
    "decision makers",
    "champion",
    "resistance",
    "blocker",
    "sceptic",
    "skeptic",
    "persuade",
    "get support",
    "cross-functional",
    "matrix",
    "coalition",
    "communication plan",
    "budget approval",
    "alignment across teams",
  ],
  steps: [
    {
      id: "identifyStakeholders",
      name: "Identify stakeholders",
      objective:
        "Name the initiative, the support it needs and everyone who can affect it or is affected by it.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client state the initiative and the specific support they need, such as approval, budget, resources or active sponsorship. You then help them list stakeholders broadly: decision makers, budget holders, people whose work changes, informal influencers and likely sceptics. You prompt for the people who are easy to forget, such as those affected downstream or those with veto power but little visibility. Groups are fine where individuals do not matter separately. You read the list back and ask who is missing before moving on.",
      questions: [
        "What is the initiative, and what support do you need for it?",
        "Who makes or influences the decision?",
        "Whose work or world changes if this goes ahead?",
        "Who could slow this down or stop it, even informally?",
        "Who is missing from this list?",
      ],
      guardrails: [
        "Do not start placing stakeholders on the grid until the list feels complete to the client.",
        "Do not characterise named individuals beyond what the client tells you.",
        "Do not treat the list as fixed; invite additions throughout.",
      ],
      schema: {
        type: "object",
        properties: {
          initiative: {
            type: "string",
            description: "The initiative, decision or change the client needs support for",
            minLength: 10,
            maxLength: 300,
          },
          supportNeeded: {
            type: "string",
            description: "The specific support the client needs to secure, such as approval, budget or sponsorship",
            minLength: 5,
            maxLength: 300,
          },
          stakeholders: {
            type: "array",
            description: "The individuals or groups who can affect or are affected by the initiative, by name or role",
            items: { type: "string", minLength: 2, maxLength: 100 },
            minItems: 2,
            maxItems: 15,
          },
        },
        required: ["initiative", "stakeholders"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Read the stakeholder list back and invite the client to place each one by how much power they have over the initiative and how interested they are in it.",
      },
    },
    {
      id: "mapPowerInterest",
      name: "Map power and interest",
      objective:
        "Place every stakeholder in one of the four quadrants based on their power over the initiative and their interest in it.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client place each stakeholder on the grid by two judgements: how much power they have over the initiative, formal or informal, and how much interest they have in its outcome. High power and high interest means manage closely; high power and low interest, keep satisfied; low power and high interest, keep informed; low power and low interest, monitor. You ask for the evidence behind each placement and challenge placements that rest on job titles alone. You point out when a quadrant is empty or crowded, and record an empty quadrant as an empty list rather than leaving it out.",
      questions: [
        "How much can each person influence whether this succeeds, formally or informally?",
        "How much does the outcome matter to each of them?",
        "What makes you place them there: what have you seen or heard?",
        "Who might move quadrants as the initiative progresses?",
        "Who has more informal power than their title suggests?",
      ],
      guardrails: [
        "Do not place stakeholders yourself; ask the client and reflect their judgement.",
        "Do not equate power with seniority alone; explore informal power.",
        "Do not leave a stakeholder from the list unplaced without the client's agreement.",
      ],
      schema: {
        type: "object",
        properties: {
          manageClosely: {
            type: "array",
            description: "Stakeholders with high power and high interest: manage closely",
            items: { type: "string", minLength: 2, maxLength: 100 },
            minItems: 1,
            maxItems: 10,
          },
          keepSatisfied: {
            type: "array",
            description: "Stakeholders with high power and low interest: keep satisfied (empty if none)",
            items: { type: "string", minLength: 2, maxLength: 100 },
            maxItems: 10,
          },
          keepInformed: {
            type: "array",
            description: "Stakeholders with low power and high interest: keep informed (empty if none)",
            items: { type: "string", minLength: 2, maxLength: 100 },
            maxItems: 10,
          },
          monitor: {
            type: "array",
            description: "Stakeholders with low power and low interest: monitor (empty if none)",
            items: { type: "string", minLength: 2, maxLength: 100 },
            maxItems: 10,
          },
        },
        required: ["manageClosely", "keepSatisfied", "keepInformed", "monitor"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Summarise the grid quadrant by quadrant, then ask how the client will engage each group and whose support matters most right now.",
      },
    },
    {
      id: "engagementPlan",
      name: "Plan engagement",
      objective:
        "Decide how to engage each quadrant and understand the single most important stakeholder in depth.",
      durationMinutes: 13,
      systemPrompt:
        "You help the client plan engagement quadrant by quadrant: close, two-way involvement for manage closely; concise, low-effort updates that respect their time for keep satisfied; regular information and chances to contribute for keep informed; light-touch watching for monitor. You then focus on the one stakeholder whose support matters most right now and explore what they care about, want and fear, and where they currently stand. You encourage the client to see the initiative through that person's eyes rather than their own. You summarise the plan and the priority stakeholder before moving on.",
      questions: [
        "How will you engage each quadrant: how often, through which channel and how deeply?",
        "Whose support matters most right now?",
        "What does that person care about, and what might they fear about this initiative?",
        "Where do they stand today: champion, supporter, neutral, sceptic or blocker?",
        "How would this initiative look from their chair?",
      ],
      guardrails: [
        "Do not suggest manipulative or deceptive influence tactics.",
        "Do not assume a stakeholder's motives; ask the client what they have observed and how they could find out.",
        "Do not make every quadrant high-effort; proportion the engagement.",
      ],
      schema: {
        type: "object",
        properties: {
          engagementApproach: {
            type: "string",
            description: "How the client will engage each quadrant: cadence, channel and depth of involvement",
            minLength: 20,
            maxLength: 500,
          },
          priorityStakeholder: {
            type: "string",
            description: "The single stakeholder whose support matters most right now, by name or role",
            minLength: 2,
            maxLength: 100,
          },
          priorityQuadrant: {
            type: "string",
            description: "The grid quadrant of the priority stakeholder",
            enum: ["manage_closely", "keep_satisfied", "keep_informed", "monitor"],
          },
          theirInterests: {
            type: "string",
            description: "What the priority stakeholder cares about, wants or fears in relation to the initiative",
            minLength: 10,
            maxLength: 400,
          },
          currentStance: {
            type: "string",
            description: "Where the priority stakeholder stands on the initiative today",
            enum: ["champion", "supporter", "neutral", "sceptic", "blocker"],
          },
        },
        required: ["engagementApproach", "priorityStakeholder", "priorityQuadrant", "theirInterests"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Confirm the engagement plan and the priority stakeholder's interests, then invite the client to craft the message and the next step for that person.",
      },
    },
    {
      id: "messagesAndNextSteps",
      name: "Messages and next steps",
      objective:
        "Craft the core message for the priority stakeholder in their terms and commit to a dated first engagement.",
      durationMinutes: 12,
      systemPrompt:
        "You help the client craft a short core message for the priority stakeholder that connects the initiative to what that person cares about, not to what the client cares about. You ask the client to say the message out loud in their own words and help them make it shorter and clearer. You explore the most likely objection and how the client will respond to it with curiosity rather than defensiveness. You close with a concrete first engagement, such as a meeting, a call or a pre-read, with a calendar date.",
      questions: [
        "What does this person most need to hear, in their terms?",
        "How would you say it in two or three sentences?",
        "What is the objection you most expect, and how will you respond?",
        "What is your first concrete step to engage them, and by when?",
        "What would a good outcome of that first conversation be?",
      ],
      guardrails: [
        "Do not write a script for the client; help them find their own words.",
        "Do not encourage overselling or hiding risks from stakeholders.",
        "Do not end without a dated next step.",
      ],
      schema: {
        type: "object",
        properties: {
          keyMessage: {
            type: "string",
            description: "The core message for the priority stakeholder, framed around their interests",
            minLength: 10,
            maxLength: 400,
          },
          anticipatedObjection: {
            type: "string",
            description: "The objection the client most expects and how they will respond",
            minLength: 5,
            maxLength: 400,
          },
          nextStep: {
            type: "string",
            description: "The first concrete engagement action, such as a meeting, call or pre-read",
            minLength: 10,
            maxLength: 300,
          },
          nextStepDate: {
            type: "string",
            description: "The date by which the client will take the next step (YYYY-MM-DD)",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
        },
        required: ["keyMessage", "nextStep", "nextStepDate"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Read back the key message and the dated next step, wish the client well with the conversation and close the session with a short summary.",
      },
    },
  ],
  completion: {
    summaryGuidance:
      "Write a summary in the second person: the initiative and the support needed, the grid quadrant by quadrant, the engagement approach, the priority stakeholder with their interests and stance, the key message and the next step with its date. Keep descriptions of named people factual and respectful.",
    actionPlanSteps: ["mapPowerInterest", "engagementPlan", "messagesAndNextSteps"],
  },
};
