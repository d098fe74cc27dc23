import type { Framework } from "./types";

/**
 * Psychological Safety, after Amy Edmondson: the shared belief that a team is
 * safe for interpersonal risk-taking. The leader's tools are to set the stage,
 * invite participation and respond productively.
 */
export const PSYCHOLOGICAL_SAFETY: Framework = {
  id: "PSYCHOLOGICAL_SAFETY",
  name: "Psychological Safety",
  description:
    "A team-development conversation grounded in Amy Edmondson's research on psychological safety: the shared belief that it is safe to speak up, ask questions, admit mistakes and disagree. You assess your team's current climate, look at the behaviours and signals behind it (including your own), choose leader moves, shape team agreements with your team and commit to a first, dated step. Best when a team is quiet, avoids conflict, hides mistakes or is not learning fast enough.",
  typicalDurationMinutes: 50,
  suits: ["team_development"],
  keywords: [
    "team",
    "psychological safety",
    "trust",
    "speak up",
    "silence",
    "quiet",
    "fear",
    "blame",
    "mistakes",
    "candour",
    "candor",
    "inclusion",
    "belonging",
    "team dynamics",
    "morale",
    "engagement",
    "innovation",
    "risk taking",
    "learning culture",
    "retrospective",
    "disagreement",
    "conflict avoidance",
    "nobody challenges",
    "bad news",
    "team culture",
  ],
  steps: [
    {
      id: "currentClimate",
      name: "Current climate",
      objective:
        "Assess how safe team members feel to take interpersonal risks today, and on what evidence.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client describe their team and their own role in it, then assess the team's climate for interpersonal risk-taking: speaking up, asking for help, admitting mistakes and challenging ideas. You ask for a rating from 1 to 10 and, more importantly, the evidence behind it. You distinguish psychological safety from comfort or niceness: safe teams argue productively and hold high standards. You ask what prompted the client to look at this now. You summarise the climate and its evidence before moving on.",
      questions: [
        "Who is in the team, what does it do and what is your role in it?",
        "How safe do people feel to speak up, ask for help or admit a mistake, on a scale from 1 to 10?",
        "What have you seen or heard that makes you give that rating?",
        "When did someone last disagree with you openly, and what happened next?",
        "What prompted you to look at this now?",
      ],
      guardrails: [
        "Do not diagnose the team yourself; work from what the client has observed.",
        "Do not confuse psychological safety with lowering standards or avoiding conflict.",
        "Do not encourage the client to speculate about individual team members' private lives.",
      ],
      schema: {
        type: "object",
        properties: {
          teamContext: {
            type: "string",
            description: "The team: its size, purpose and the client's role in it",
            minLength: 10,
            maxLength: 400,
          },
          climateRating: {
            type: "integer",
            description:
              "How safe the client believes team members feel to speak up, admit mistakes and challenge, from 1 (not at all) to 10 (completely)",
            minimum: 1,
            maximum: 10,
          },
          evidence: {
            type: "string",
            description: "What the client has observed that supports the rating",
            minLength: 10,
            maxLength: 500,
          },
          trigger: {
            type: "string",
            description: "What prompted the client to look at the team's climate now",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["teamContext", "climateRating", "evidence"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Reflect back the climate rating and the evidence, then invite the client to look more closely at the specific behaviours and signals, including their own.",
      },
    },
    {
      id: "behavioursAndSignals",
      name: "Behaviours and signals",
      objective:
        "Identify the observable signals of silence and of safety in the team, and how the client's own behaviour shapes them.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client move from a general impression to specific, observable behaviours. You ask for signals of silence, such as no questions in meetings, bad news arriving late or ideas only voiced one to one, and for moments when people did take a risk. You then invite the client to look at their own impact: how they react to bad news, disagreement and mistakes, and what people might have learned from those reactions. You do this with warmth, because leaders often underestimate the weight of their words. You summarise the signals and the client's own impact before moving on.",
      questions: [
        "What do you notice that suggests people are holding back?",
        "When did someone take a risk by speaking up, and how was it received?",
        "How do you typically react when someone brings you bad news or disagrees with you?",
        "What might people have learned from those reactions?",
        "What would a new team member conclude about speaking up after a month in this team?",
      ],
      guardrails: [
        "Do not shame the client for their impact; keep the tone curious and constructive.",
        "Do not accept generalities like 'communication is bad'; ask for observable examples.",
        "Do not single out individual team members as the problem.",
      ],
      schema: {
        type: "object",
        properties: {
          silenceSignals: {
            type: "array",
            description: "Observable signs that people hold back, such as no questions in meetings or bad news arriving late",
            items: { type: "string", minLength: 3, maxLength: 200 },
            minItems: 1,
            maxItems: 6,
          },
          safetySignals: {
            type: "array",
            description: "Moments when people did take interpersonal risks, such as challenging an idea or admitting a mistake",
            items: { type: "string", minLength: 3, maxLength: 200 },
            maxItems: 6,
          },
          leaderImpact: {
            type: "string",
            description: "How the client's own behaviour may encourage or discourage candour, as they see it",
            minLength: 10,
            maxLength: 400,
          },
        },
        required: ["silenceSignals", "leaderImpact"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Acknowledge the client's honesty about their own impact, then introduce Edmondson's three leader moves and ask how they could use each.",
      },
    },
    {
      id: "leaderMoves",
      name: "Leader moves",
      objective:
        "Choose concrete leader behaviours for each of Edmondson's three moves: set the stage, invite participation, respond productively.",
      durationMinutes: 12,
      systemPrompt:
        "You briefly explain Edmondson's three leader moves and help the client translate each into behaviour that fits their team. Setting the stage means framing the work as uncertain and interdependent, so every voice is needed. Inviting participation means showing situational humility, asking genuine questions and creating structures that make input easy. Responding productively means expressing appreciation, destigmatising failure and acting on what people raise. You help the client choose the one move to practise first.",
      questions: [
        "How could you frame the team's work so that it is clear every voice is needed?",
        "What questions could you ask that would genuinely invite disagreement?",
        "What structures, such as rounds, pre-mortems or anonymous input, could make speaking up easier?",
        "How do you want to respond the next time someone brings you a mistake or bad news?",
        "Which of these moves will you practise first?",
      ],
      guardrails: [
        "Do not lecture on the research; keep theory to a sentence or two and focus on behaviour.",
        "Do not let the moves stay abstract; ask for what the client will actually say or do.",
        "Do not overload the client; help them choose one move to focus on.",
      ],
      schema: {
        type: "object",
        properties: {
          setTheStage: {
            type: "string",
            description: "How the client will frame the work so every voice is needed, for example by naming uncertainty and stakes",
            minLength: 10,
            maxLength: 300,
          },
          inviteParticipation: {
            type: "string",
            description: "How the client will actively invite input: questions, structures and showing humility",
            minLength: 10,
            maxLength: 300,
          },
          respondProductively: {
            type: "string",
            description: "How the client will respond when people speak up, bring bad news or make mistakes",
            minLength: 10,
            maxLength: 300,
          },
          focusMove: {
            type: "string",
            description: "The leader move the client will practise first",
            enum: ["set_the_stage", "invite_participation", "respond_productively"],
          },
        },
        required: ["setTheStage", "inviteParticipation", "respondProductively", "focusMove"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Summarise the three moves and the one the client will practise first, then ask how the team itself could shape shared agreements.",
      },
    },
    {
      id: "teamAgreements",
      name: "Team agreements",
      objective:
        "Shape a few team norms that make interpersonal risk-taking normal, and plan how the team will co-create and own them.",
      durationMinutes: 9,
      systemPrompt:
        "You help the client think about a small number of team norms, such as how the team disagrees, how it treats mistakes or how meetings make room for every voice. You emphasise that agreements the team co-creates are far more likely to stick than norms announced by the leader. You help the client plan how to open the conversation with the team, and how everyone will notice whether things are improving. You keep the proposed norms few and concrete.",
      questions: [
        "Which two or three norms would make the biggest difference to how your team works?",
        "How could you invite the team to shape these rather than announcing them?",
        "How will you open that conversation in a way that itself feels safe?",
        "How will the team notice that things are getting better?",
      ],
      guardrails: [
        "Do not let the client impose norms on the team; help them plan co-creation.",
        "Do not produce a long charter; keep to a few concrete norms.",
        "Do not promise that agreements alone will change the climate; link them to the leader moves.",
      ],
      schema: {
        type: "object",
        properties: {
          proposedNorms: {
            type: "array",
            description: "The norms the client will propose or co-create with the team",
            items: { type: "string", minLength: 5, maxLength: 200 },
            minItems: 1,
            maxItems: 5,
          },
          involvementApproach: {
            type: "string",
            description: "How the team will shape and own the agreements rather than have them imposed",
            minLength: 10,
            maxLength: 300,
          },
          progressSignal: {
            type: "string",
            description: "How the team will notice that the climate is improving",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["proposedNorms", "involvementApproach"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Confirm the norms and how the team will be involved, then ask the client what personal commitment they will make and when they will first act on it.",
      },
    },
    {
      id: "commitments",
      name: "Commitments",
      objective:
        "Commit to one specific leadership behaviour, the first moment to practise it and a date.",
      durationMinutes: 9,
      systemPrompt:
        "You help the client turn the session into one personal commitment: a specific leadership behaviour they will practise, not a general intention. You ask for the first real moment to practise it, such as a named meeting or one-to-one, and the date. You ask how they will get feedback on whether it is working, for example by asking the team. You close by reading the commitment back and acknowledging that building safety takes consistent behaviour over time.",
      questions: [
        "What is the one behaviour you commit to practising?",
        "When is the first real opportunity to practise it?",
        "On what date will that be?",
        "How will you find out whether it is making a difference?",
        "Who could give you honest feedback on it?",
      ],
      guardrails: [
        "Do not accept a vague intention such as 'be more open'; help the client name an observable behaviour.",
        "Do not end without a date for the first opportunity.",
        "Do not promise quick results; safety builds through consistent behaviour over time.",
      ],
      schema: {
        type: "object",
        properties: {
          personalCommitment: {
            type: "string",
            description: "The specific, observable leadership behaviour the client commits to practising",
            minLength: 10,
            maxLength: 300,
          },
          firstOpportunity: {
            type: "string",
            description: "The meeting or moment where the client will first practise the behaviour",
            minLength: 5,
            maxLength: 300,
          },
          commitmentDate: {
            type: "string",
            description: "The date of that first opportunity (YYYY-MM-DD)",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          feedbackPlan: {
            type: "string",
            description: "How the client will find out whether the behaviour is making a difference",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["personalCommitment", "firstOpportunity", "commitmentDate"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Read back the commitment, the first opportunity and its date, acknowledge the client's care for their team and close the session with a short summary.",
      },
    },
  ],
  completion: {
    summaryGuidance:
      "Write a summary in the second person: the team and its climate rating with the evidence, the signals of silence and the client's own impact, the three leader moves with the one to practise first, the proposed team agreements and how the team will shape them, and the personal commitment with its first opportunity and date. Be warm and non-judgemental, and remind the client that safety grows through consistent behaviour.",
    actionPlanSteps: ["leaderMoves", "teamAgreements", "commitments"],
  },
};
