import type { Framework } from "./types";

/**
 * CLEAR (Hawkins): Contracting, Listening, Exploring, Action, Review. A
 * relational model that slows down to understand before acting; it suits
 * recurring, interpersonal or emotionally loaded situations.
 */
export const CLEAR: Framework = {
  id: "CLEAR",
  name: "CLEAR",
  description:
    "A reflective conversation for situations that keep coming back or feel emotionally charged. You agree what this session is for, get properly heard, explore the situation from new angles until something shifts, then agree actions and review what you are taking away. Best for difficult relationships, recurring patterns and moments when you need to think before you act.",
  typicalDurationMinutes: 50,
  suits: ["complex_situation", "change_leadership"],
  keywords: [
    "conflict",
    "relationship",
    "difficult conversation",
    "colleague",
    "my manager",
    "tension",
    "frustrated",
    "frustration",
    "recurring",
    "pattern",
    "keeps happening",
    "emotion",
    "upset",
    "overwhelmed",
    "perspective",
    "reflect",
    "think through",
    "understand",
    "listen",
    "new role",
    "transition",
    "behaviour",
    "reaction",
    "triggered",
    "clarity",
  ],
  steps: [
    {
      id: "contracting",
      name: "Contracting",
      objective:
        "Agree what the client wants to focus on, what they want to leave this session with and how they want to be coached.",
      durationMinutes: 8,
      systemPrompt:
        "You open by agreeing the contract for this conversation: the topic, the outcome the client wants from this session and how they would like you to work with them. You ask what would make the session worthwhile, not what they want to fix in their whole life. You check how much challenge they want and respect the answer for the rest of the session. You summarise the agreed focus and outcome before moving on.",
      questions: [
        "What would you like to focus on today?",
        "What would you like to leave this conversation with?",
        "What would make this session really worthwhile for you?",
        "How would you like me to work with you: more space to think, or more challenge?",
      ],
      guardrails: [
        "Do not start exploring the problem in depth before the focus and outcome are agreed.",
        "Do not agree an outcome that is outside what one conversation can deliver; help the client scope it.",
        "Do not assume how the client wants to be coached; ask.",
      ],
      schema: {
        type: "object",
        properties: {
          sessionFocus: {
            type: "string",
            description: "The topic or situation the client wants to work on in this session",
            minLength: 10,
            maxLength: 300,
          },
          desiredOutcome: {
            type: "string",
            description: "What the client wants to leave this session with, such as a decision, a plan or clarity",
            minLength: 10,
            maxLength: 300,
          },
          workingAgreement: {
            type: "string",
            description: "How the client wants to be coached, for example more challenge or more space to think",
            minLength: 3,
            maxLength: 300,
          },
        },
        required: ["sessionFocus", "desiredOutcome"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Restate the agreed focus and desired outcome, then invite the client to tell you about the situation in their own way.",
      },
    },
    {
      id: "listening",
      name: "Listening",
      objective:
        "Understand the situation as the client experiences it, including the feelings involved and what really matters to them.",
      durationMinutes: 12,
      systemPrompt:
        "You listen far more than you speak in this step. You reflect back facts, feelings and meaning, using the client's own words, so they feel accurately heard. You notice and gently name emotions and what seems to matter underneath the situation, checking rather than asserting. You ask short, open follow-ups that help the client hear themselves. You summarise what you have heard and ask whether you have got it right before moving on.",
      questions: [
        "What is happening, as you see it?",
        "How are you feeling about it?",
        "What is most important to you in this?",
        "What is the hardest part of this for you?",
        "Have I understood this correctly, or is there more?",
      ],
      guardrails: [
        "Do not offer advice, solutions or reassurance in this step.",
        "Do not interpret the client's feelings for them; reflect and check.",
        "Do not take sides against people the client mentions.",
      ],
      schema: {
        type: "object",
        properties: {
          situationSummary: {
            type: "string",
            description: "The situation as the client describes it, summarised in a few sentences",
            minLength: 20,
            maxLength: 500,
          },
          feelings: {
            type: "array",
            description: "The emotions the client named or confirmed when reflected back",
            items: { type: "string", minLength: 3, maxLength: 60 },
            minItems: 1,
            maxItems: 6,
          },
          whatMatters: {
            type: "string",
            description: "The underlying value, need or concern that makes this situation important to the client",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["situationSummary", "whatMatters"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Offer a short summary of what you heard, including what matters most to the client, then invite them to look at the situation from other angles.",
      },
    },
    {
      id: "exploring",
      name: "Exploring",
      objective:
        "Help the client see the situation differently: other perspectives, their own part in it and what they want to change, until a new insight emerges.",
      durationMinutes: 12,
      systemPrompt:
        "You help the client step outside their usual view of the situation. You invite other perspectives: how the other people involved might see it, what an observer would notice and what the client's own part might be. You explore the impact of things staying as they are and what the client would like to be different. You stay curious and let silence work; insights are the client's, not yours. You end the step by asking the client to name the most useful new insight in their own words.",
      questions: [
        "How might the other people involved describe this situation?",
        "What part might you be playing in how this keeps unfolding?",
        "What would happen if nothing changed?",
        "What assumptions are you making that you could test?",
        "What do you see now that you did not see at the start of our conversation?",
      ],
      guardrails: [
        "Do not deliver your own insight as a conclusion; ask questions that let the client reach theirs.",
        "Do not push the client to accept blame; exploring their part is about influence, not fault.",
        "Do not move to actions until the client has named an insight or shift.",
      ],
      schema: {
        type: "object",
        properties: {
          perspectivesConsidered: {
            type: "array",
            description: "Other viewpoints the client considered, such as the other person's, the team's or an observer's",
            items: { type: "string", minLength: 3, maxLength: 200 },
            minItems: 1,
            maxItems: 6,
          },
          ownContribution: {
            type: "string",
            description: "The part the client sees themselves playing in the situation, in their words",
            minLength: 5,
            maxLength: 300,
          },
          keyInsight: {
            type: "string",
            description: "The new understanding or shift in perspective the client reached",
            minLength: 10,
            maxLength: 400,
          },
        },
        required: ["perspectivesConsidered", "keyInsight"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Acknowledge the insight in the client's words and ask what they now want to do with it.",
      },
    },
    {
      id: "action",
      name: "Action",
      objective:
        "Translate the insight into specific actions the client owns, with a clear and dated first step.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client turn the insight into a small number of specific actions they own. You check each action is within the client's control and connected to the outcome agreed at the start. You make sure there is a clear first step with a calendar date, and you ask what support they need. If the client proposes too many actions, you help them prioritise the one or two that matter most.",
      questions: [
        "Given what you now see, what will you do?",
        "What is the very first step, and when will you take it?",
        "How does this connect to what you wanted from today?",
        "What support will you need?",
      ],
      guardrails: [
        "Do not prescribe actions; help the client choose their own.",
        "Do not accept more than a handful of actions; help the client prioritise.",
        "Do not leave the first step without a date.",
      ],
      schema: {
        type: "object",
        properties: {
          actions: {
            type: "array",
            description: "The specific actions the client will take, each in a short sentence",
            items: { type: "string", minLength: 5, maxLength: 200 },
            minItems: 1,
            maxItems: 5,
          },
          firstStep: {
            type: "string",
            description: "The very first step the client will take",
            minLength: 10,
            maxLength: 300,
          },
          firstStepDate: {
            type: "string",
            description: "The date by which the client will take the first step (YYYY-MM-DD)",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          supportNeeded: {
            type: "string",
            description: "Support the client needs from others to follow through",
            minLength: 3,
            maxLength: 300,
          },
        },
        required: ["actions", "firstStep", "firstStepDate"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Summarise the actions and the dated first step, then invite the client to review the session and confirm their commitment.",
      },
    },
    {
      id: "review",
      name: "Review",
      objective:
        "Review what the client is taking away, confirm a concrete commitment with a review date and check how confident they feel.",
      durationMinutes: 8,
      systemPrompt:
        "You invite the client to review the session: what they are taking away and how it compares with the outcome they wanted at the start. You ask them to state their commitment in one sentence in their own words. You agree a date on which they will review progress and ask how confident they are from 1 to 10. You ask briefly what was useful about how you worked together, so the next session can be better. You close warmly without adding new content.",
      questions: [
        "What are you taking away from this conversation?",
        "How does that compare with what you wanted at the start?",
        "In one sentence, what are you committing to?",
        "When will you look back at how it went?",
        "How confident are you, from 1 to 10, that you will follow through?",
        "What was most useful about how we worked today?",
      ],
      guardrails: [
        "Do not introduce new topics or advice while closing.",
        "Do not rewrite the client's commitment into your words.",
        "Do not end without a review date.",
      ],
      schema: {
        type: "object",
        properties: {
          commitmentSummary: {
            type: "string",
            description: "The client's commitment in one sentence, in their own words",
            minLength: 10,
            maxLength: 400,
          },
          reviewDate: {
            type: "string",
            description: "The date on which the client will review progress on the commitment (YYYY-MM-DD)",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          confidence: {
            type: "integer",
            description: "How confident the client is of following through, from 1 (not at all) to 10 (certain)",
            minimum: 1,
            maximum: 10,
          },
          sessionLearning: {
            type: "string",
            description: "What the client found most useful about this session",
            minLength: 3,
            maxLength: 300,
          },
        },
        required: ["commitmentSummary", "reviewDate", "confidence"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Thank the client, read back the commitment and the review date, and close the session with a short summary.",
      },
    },
  ],
  completion: {
    summaryGuidance:
      "Write a short summary in the second person: the focus and outcome agreed at the start, what the client said matters most, the key insight in their words, the actions with the dated first step and the commitment with its review date. Keep the reflective tone of the session and avoid adding advice.",
    actionPlanSteps: ["action", "review"],
  },
};
