import type { Framework } from "./types";

/**
 * GROW (Whitmore): Goal, Reality, Options, Will. The workhorse of performance
 * coaching: it turns a fuzzy aspiration into a committed, dated next action.
 */
export const GROW: Framework = {
  id: "GROW",
  name: "GROW",
  description:
    "A focused conversation that turns an aspiration into action. You name a specific goal, take an honest look at where things stand today, generate real options and leave with one committed, dated next step. Best when you know roughly what you want but not yet how to get there, or when progress has stalled.",
  typicalDurationMinutes: 45,
  suits: ["goal_achievement"],
  keywords: [
    "goal",
    "goals",
    "achieve",
    "target",
    "promotion",
    "career",
    "objective",
    "ambition",
    "aspiration",
    "milestone",
    "progress",
    "stuck",
    "next step",
    "performance",
    "improve",
    "deadline",
    "motivation",
    "results",
    "priorities",
    "focus",
    "plan",
    "accomplish",
    "get better at",
    "new skill",
    "habit",
  ],
  steps: [
    {
      id: "goal",
      name: "Goal",
      objective:
        "Agree one specific, meaningful goal in the client's own words and how they will know they have achieved it.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client name a single goal that is specific, within their control and genuinely theirs. If they bring several goals, you ask which one matters most right now and park the rest. You test the goal gently: what would be different if it were achieved, and why it matters now. You reflect the goal back in their words and check it lands before moving on. You do not move on until there is a clear statement of the goal and an observable measure of success.",
      questions: [
        "What would you like to achieve, and by when?",
        "If we were sitting here six months from now and this had gone really well, what would be different?",
        "How will you know you have achieved it: what will you see, hear or be able to measure?",
        "Why does this matter to you now?",
        "How much of this is within your control?",
      ],
      guardrails: [
        "Do not set the goal for the client or improve it into your own wording; reflect their words back.",
        "Do not accept several goals at once: help the client choose one for this session.",
        "Do not start discussing solutions yet; keep the focus on what success looks like.",
      ],
      schema: {
        type: "object",
        properties: {
          goalStatement: {
            type: "string",
            description: "The goal in the client's own words, specific enough that they would know when it is achieved",
            minLength: 10,
            maxLength: 300,
          },
          successMeasure: {
            type: "string",
            description: "How the client will know the goal is achieved: an observable sign or measurable result",
            minLength: 5,
            maxLength: 300,
          },
          targetDate: {
            type: "string",
            description: "When the client wants to have achieved the goal (YYYY-MM-DD), if they named a date",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          importance: {
            type: "integer",
            description: "How much achieving the goal matters to the client, from 1 (barely) to 10 (essential)",
            minimum: 1,
            maximum: 10,
          },
        },
        required: ["goalStatement", "successMeasure"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Summarise the goal and the success measure in the client's words, then invite them to look honestly at where things stand today.",
      },
    },
    {
      id: "reality",
      name: "Reality",
      objective:
        "Build an honest, factual picture of the current situation: what has been tried, what is in the way and what resources exist.",
      durationMinutes: 12,
      systemPrompt:
        "You help the client describe the current situation factually, separating what is happening from their interpretation of it. You ask what they have already tried and what happened, so the options that follow build on experience. You explore obstacles, including internal ones such as beliefs, habits or fears, without dwelling on blame. You also surface the resources, strengths and allies they already have. You summarise the reality in a few sentences before moving on.",
      questions: [
        "What is happening right now, as factually as you can describe it?",
        "What have you already tried, and what did you learn from it?",
        "What is getting in the way, both around you and within you?",
        "On a scale of 1 to 10, where are you today relative to your goal?",
        "What resources, strengths or people do you have that could help?",
      ],
      guardrails: [
        "Do not judge the client's past choices or assign blame.",
        "Do not jump to advice or solutions in this step.",
        "Do not let the conversation drift away from the agreed goal; link reality back to it.",
      ],
      schema: {
        type: "object",
        properties: {
          currentSituation: {
            type: "string",
            description: "A factual summary of where things stand today in relation to the goal",
            minLength: 10,
            maxLength: 500,
          },
          obstacles: {
            type: "array",
            description: "The main obstacles, external or internal, that stand between the client and the goal",
            items: { type: "string", minLength: 3, maxLength: 200 },
            minItems: 1,
            maxItems: 6,
          },
          resources: {
            type: "array",
            description: "Strengths, resources or people the client can draw on",
            items: { type: "string", minLength: 3, maxLength: 200 },
            maxItems: 6,
          },
          currentRating: {
            type: "integer",
            description: "Where the client places themselves today on the way to the goal, from 1 (not started) to 10 (achieved)",
            minimum: 1,
            maximum: 10,
          },
        },
        required: ["currentSituation", "obstacles"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Reflect back the reality and the main obstacles, then invite the client to imagine all the ways they could move forward.",
      },
    },
    {
      id: "options",
      name: "Options",
      objective:
        "Generate a genuinely wide set of options before evaluating any of them, then let the client choose the most promising one.",
      durationMinutes: 12,
      systemPrompt:
        "You help the client generate options first and evaluate them second. You keep asking for more options after the obvious ones, including bold, unconventional and small ones, and you treat every idea as valid while generating. Only when the client has at least two or three real options do you help them weigh them against the goal. You may offer an option of your own only if the client asks and only after they have exhausted their own, and you label it as one idea among many. You finish with the option, or combination, the client is most drawn to and why.",
      questions: [
        "What could you do? What else?",
        "If there were no constraints at all, what would you try?",
        "What would someone you admire do in your position?",
        "What is the smallest step that would make a difference?",
        "Which of these options excites you most, and which is most realistic?",
        "What would you gain and what would you give up with that option?",
      ],
      guardrails: [
        "Do not evaluate or criticise options while the client is still generating them.",
        "Do not present your own solution as the answer; offer ideas only when asked and label them as suggestions.",
        "Do not let the client settle for the first option without exploring alternatives.",
      ],
      schema: {
        type: "object",
        properties: {
          options: {
            type: "array",
            description: "The distinct options the client generated, each in a few words",
            items: { type: "string", minLength: 3, maxLength: 200 },
            minItems: 2,
            maxItems: 8,
          },
          preferredOption: {
            type: "string",
            description: "The option, or combination of options, the client chose to pursue",
            minLength: 5,
            maxLength: 300,
          },
          reasonForChoice: {
            type: "string",
            description: "Why the client prefers this option over the others",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["options", "preferredOption"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Confirm the chosen option and ask what, specifically, the client will do first and when.",
      },
    },
    {
      id: "will",
      name: "Will",
      objective:
        "Turn the chosen option into a concrete next action with a date, and test how committed the client really is.",
      durationMinutes: 11,
      systemPrompt:
        "You help the client convert their chosen option into one concrete next action: what exactly they will do, by when and, where relevant, with whom. You insist on a specific date and help the client name it as a calendar date. You ask for a commitment rating from 1 to 10; if it is below 8, you explore what would raise it and let the client adjust the action rather than pushing them. You also ask what might get in the way and what support they need. You close by having the client state the commitment in their own words.",
      questions: [
        "What exactly will you do first?",
        "By what date will you have done it?",
        "On a scale of 1 to 10, how committed are you to taking this action?",
        "What would make that number higher?",
        "What could get in the way, and how will you handle it?",
        "Who could support you or hold you accountable?",
      ],
      guardrails: [
        "Do not accept a vague intention such as 'try to' or 'think about'; help the client make it a concrete action.",
        "Do not pressure the client into a higher commitment rating; adjust the action instead.",
        "Do not finish the step without a specific calendar date for the action.",
      ],
      schema: {
        type: "object",
        properties: {
          nextAction: {
            type: "string",
            description: "The concrete first action the client will take: what exactly they will do",
            minLength: 10,
            maxLength: 300,
          },
          actionDate: {
            type: "string",
            description: "The date by which the client will have taken the action (YYYY-MM-DD)",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          commitment: {
            type: "integer",
            description: "How committed the client is to taking the action, from 1 (not at all) to 10 (certain)",
            minimum: 1,
            maximum: 10,
          },
          supportNeeded: {
            type: "string",
            description: "Support, resources or accountability the client needs to follow through",
            minLength: 3,
            maxLength: 300,
          },
          potentialBlocker: {
            type: "string",
            description: "What might get in the way and how the client plans to handle it",
            minLength: 3,
            maxLength: 300,
          },
        },
        required: ["nextAction", "actionDate", "commitment"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Read the commitment back (action, date, commitment rating), acknowledge the client's work and close the session with a short summary.",
      },
    },
  ],
  completion: {
    summaryGuidance:
      "Write a short, warm summary in the second person: the goal and its success measure, the key realities and obstacles, the options considered and the one chosen, then the next action with its date and commitment rating. Use the client's own words where possible and end with one line of encouragement, not advice.",
    actionPlanSteps: ["goal", "will"],
  },
};
