import type { Framework } from "./types";

/**
 * COMPASS: Framewise's framework for navigating complex situations and change,
 * where there is no single right answer and many forces pull at once:
 * Clarify context, Outcomes, Map the system, Paths, Alignment, Steps, Sustain.
 * It moves from sense-making to direction to the first moves and the energy to
 * keep going, drawing on systems thinking and change-leadership practice.
 */
export const COMPASS: Framework = {
  id: "COMPASS",
  name: "COMPASS",
  description:
    "A framework for finding direction in complex or changing situations where there is no single right answer. You clarify what is really going on, define the outcome that matters, map the forces and people in the system, weigh distinct paths, plan how to bring others along, commit to first moves and set up the checkpoints that keep you on course. Best for reorganisations, transformations, ambiguous mandates and competing priorities.",
  typicalDurationMinutes: 60,
  suits: ["complex_situation", "change_leadership"],
  keywords: [
    "change",
    "transformation",
    "restructure",
    "reorganisation",
    "reorg",
    "merger",
    "acquisition",
    "ambiguity",
    "uncertainty",
    "complex",
    "complexity",
    "navigate",
    "strategy",
    "direction",
    "turnaround",
    "crisis",
    "competing priorities",
    "trade-offs",
    "dilemma",
    "vision",
    "dependencies",
    "scaling",
    "pivot",
    "integration",
    "culture change",
    "don't know where to start",
  ],
  steps: [
    {
      id: "clarifyContext",
      name: "Clarify context",
      objective:
        "Understand what is changing, why now, what is at stake and what the client's role and authority are.",
      durationMinutes: 8,
      systemPrompt:
        "You help the client describe the situation at the level of the whole: what is changing, what triggered it and why it matters now. You separate the facts from the noise, because complex situations tend to arrive as a flood of detail. You clarify the client's role and real authority, since that shapes every later choice. You ask what is at stake, for the organisation and for the client personally. You summarise the context in two or three sentences before moving on.",
      questions: [
        "What is changing, and what set it in motion?",
        "Why does this need attention now rather than later?",
        "What is your role in this, and how much authority do you have?",
        "What is at stake if this goes well, and if it goes badly?",
        "If you had to explain the situation in two sentences, what would you say?",
      ],
      guardrails: [
        "Do not get lost in detail; help the client step back to the big picture.",
        "Do not propose a direction yet.",
        "Do not assume the client has authority they have not described.",
      ],
      schema: {
        type: "object",
        properties: {
          situation: {
            type: "string",
            description: "What is happening and what is changing, summarised in a few sentences",
            minLength: 20,
            maxLength: 500,
          },
          clientRole: {
            type: "string",
            description: "The client's role in the situation and the authority they hold",
            minLength: 5,
            maxLength: 200,
          },
          stakes: {
            type: "string",
            description: "What is at stake if this goes well or badly, for the organisation and for the client",
            minLength: 10,
            maxLength: 300,
          },
          urgency: {
            type: "string",
            description: "How urgent the situation feels to the client",
            enum: ["low", "medium", "high", "critical"],
          },
        },
        required: ["situation", "clientRole", "stakes"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Summarise the context and stakes, then ask the client what outcome would make this a success.",
      },
    },
    {
      id: "outcomes",
      name: "Outcomes",
      objective:
        "Define the outcome that matters, how success will show up and what must not be compromised on the way.",
      durationMinutes: 8,
      systemPrompt:
        "You help the client define the outcome they are steering towards, as a destination rather than a list of tasks. You ask what success would look like in concrete, observable terms over a realistic horizon. You surface non-negotiables: values, people or results the client will not trade away. If the client's outcome is really someone else's mandate, you help them find their own stake in it. You confirm the outcome and its indicators before moving on.",
      questions: [
        "When this is behind you, what would a good outcome look like?",
        "What would you see that tells you it is working?",
        "What must not be lost or compromised along the way?",
        "Whose definition of success is this, and how does it fit yours?",
      ],
      guardrails: [
        "Do not accept activities as outcomes; help the client describe the end state.",
        "Do not impose a definition of success.",
        "Do not skip the non-negotiables in situations involving people's jobs or wellbeing.",
      ],
      schema: {
        type: "object",
        properties: {
          desiredOutcome: {
            type: "string",
            description: "The outcome the client is steering towards, described as an end state",
            minLength: 10,
            maxLength: 300,
          },
          successIndicators: {
            type: "array",
            description: "Observable signs that the outcome is being achieved",
            items: { type: "string", minLength: 3, maxLength: 200 },
            minItems: 1,
            maxItems: 5,
          },
          nonNegotiables: {
            type: "array",
            description: "Values, people or results the client will not compromise on along the way",
            items: { type: "string", minLength: 3, maxLength: 200 },
            maxItems: 5,
          },
        },
        required: ["desiredOutcome", "successIndicators"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Confirm the outcome and its indicators, then invite the client to map the forces and people that shape the situation.",
      },
    },
    {
      id: "mapSystem",
      name: "Map the system",
      objective:
        "Map the people, forces, dependencies and tensions that shape the situation, and find where a small move could shift a lot.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client see the situation as a system rather than a single problem. You ask about the people and groups involved, the forces pushing for and against change, the dependencies and the constraints. You help the client name the central tension or dilemma, such as speed against buy-in, without resolving it too early. You look with them for leverage points where a small move could shift a lot. You summarise the map and the central tension before moving on.",
      questions: [
        "Who and what shapes this situation?",
        "Which forces are pushing for change, and which are holding things in place?",
        "What depends on what?",
        "What is the central tension or dilemma you keep running into?",
        "Where could a small move make a big difference?",
      ],
      guardrails: [
        "Do not reduce the situation to a single cause or villain.",
        "Do not resolve the central tension for the client; help them name it clearly.",
        "Do not speculate about named individuals' motives; stay with what the client has observed.",
      ],
      schema: {
        type: "object",
        properties: {
          keyForces: {
            type: "array",
            description: "The people, groups, forces or dependencies that shape the situation",
            items: { type: "string", minLength: 3, maxLength: 200 },
            minItems: 2,
            maxItems: 8,
          },
          constraints: {
            type: "array",
            description: "Hard constraints such as budget, deadlines or regulation",
            items: { type: "string", minLength: 3, maxLength: 200 },
            maxItems: 6,
          },
          centralTension: {
            type: "string",
            description: "The central tension or dilemma in the situation, for example speed against buy-in",
            minLength: 10,
            maxLength: 400,
          },
          leveragePoint: {
            type: "string",
            description: "Where a small move could shift a lot",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["keyForces", "centralTension"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Reflect back the map and the central tension, then invite the client to sketch distinct paths forward.",
      },
    },
    {
      id: "paths",
      name: "Paths",
      objective:
        "Generate genuinely different paths forward, weigh their trade-offs against the outcome and choose one.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client sketch two to four genuinely different paths, not variations of one plan. You test each path against the desired outcome, the non-negotiables and the central tension. You make trade-offs explicit: what the client gains and what they give up or risk with each path. You help the client choose a path they can defend, while accepting that in complex situations the choice is a hypothesis to test, not a certainty. You close with the chosen path and its main trade-off.",
      questions: [
        "What are two or three genuinely different ways forward?",
        "What would you gain and what would you give up with each?",
        "Which path best serves the outcome without breaking a non-negotiable?",
        "What would have to be true for this path to work?",
        "Which path are you choosing, and what will tell you early if it is wrong?",
      ],
      guardrails: [
        "Do not recommend a path; help the client weigh them.",
        "Do not let trade-offs stay implicit.",
        "Do not present the choice as final or risk-free.",
      ],
      schema: {
        type: "object",
        properties: {
          paths: {
            type: "array",
            description: "The distinct paths forward the client considered, each in a short phrase",
            items: { type: "string", minLength: 3, maxLength: 200 },
            minItems: 2,
            maxItems: 5,
          },
          chosenPath: {
            type: "string",
            description: "The path the client chose and, briefly, why",
            minLength: 10,
            maxLength: 300,
          },
          tradeOffs: {
            type: "string",
            description: "What the client gives up or risks by choosing this path",
            minLength: 10,
            maxLength: 400,
          },
        },
        required: ["paths", "chosenPath", "tradeOffs"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Confirm the chosen path and its trade-off, then ask whose support the path needs.",
      },
    },
    {
      id: "alignment",
      name: "Alignment",
      objective:
        "Identify whose support the path needs and how the client will bring them along, consistent with their own values.",
      durationMinutes: 8,
      systemPrompt:
        "You help the client identify the people and groups whose support, consent or effort the chosen path depends on. You explore what each of them is likely to care about, fear or lose in the change. You help the client plan how to involve people early rather than announce decisions to them. You also check alignment inwards: how the path fits the client's own values and the organisation's purpose. You summarise the alignment approach before moving on.",
      questions: [
        "Whose support does this path depend on?",
        "What will they care about, and what might they fear losing?",
        "How could you involve them before decisions are final?",
        "How does this path sit with your own values?",
        "Where do you expect resistance, and what might it be telling you?",
      ],
      guardrails: [
        "Do not treat resistance as something to overcome by force; explore what it signals.",
        "Do not suggest manipulative influence tactics.",
        "Do not skip the client's own values check.",
      ],
      schema: {
        type: "object",
        properties: {
          keyPeople: {
            type: "array",
            description: "The people or groups whose support the chosen path depends on",
            items: { type: "string", minLength: 2, maxLength: 100 },
            minItems: 1,
            maxItems: 6,
          },
          alignmentApproach: {
            type: "string",
            description: "How the client will involve these people and bring them along",
            minLength: 10,
            maxLength: 400,
          },
          valuesCheck: {
            type: "string",
            description: "How the chosen path fits the client's values and the organisation's purpose",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["keyPeople", "alignmentApproach"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Summarise who needs to be aligned and how, then ask the client what their first moves will be.",
      },
    },
    {
      id: "firstSteps",
      name: "Steps",
      objective:
        "Commit to a small set of first moves for the coming weeks, with a date for the first one.",
      durationMinutes: 8,
      systemPrompt:
        "You help the client choose a small number of first moves that start the chosen path and the alignment work within the next few weeks. You favour moves that create learning early, such as a conversation, a pilot or a decision, over big-bang plans. You make sure each move is concrete and owned by the client, and that the first one has a calendar date. You keep the list short enough to be done.",
      questions: [
        "What are the first two or three moves that would get this path started?",
        "Which of these will teach you the most, the soonest?",
        "By what date will the first move be done?",
        "What will you stop doing to make room for this?",
      ],
      guardrails: [
        "Do not build a detailed project plan; keep to first moves.",
        "Do not accept moves the client does not own.",
        "Do not leave the first move without a date.",
      ],
      schema: {
        type: "object",
        properties: {
          firstMoves: {
            type: "array",
            description: "The first concrete moves the client will make, each in a short sentence",
            items: { type: "string", minLength: 5, maxLength: 200 },
            minItems: 1,
            maxItems: 5,
          },
          firstMoveDate: {
            type: "string",
            description: "The date by which the first move will be done (YYYY-MM-DD)",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          stopDoing: {
            type: "string",
            description: "What the client will stop or deprioritise to make room",
            minLength: 3,
            maxLength: 300,
          },
        },
        required: ["firstMoves", "firstMoveDate"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Confirm the first moves and the date, then ask how the client will keep their energy and stay on course.",
      },
    },
    {
      id: "sustain",
      name: "Sustain",
      objective:
        "Set up the commitment, a dated checkpoint and the early-warning signs that keep the client on course over time.",
      durationMinutes: 8,
      systemPrompt:
        "You help the client plan for the long middle of change, when energy dips and the situation shifts again. You ask for a concrete commitment in the client's words and a date for the first checkpoint at which they will review progress and adjust the path. You help them name an early-warning sign that the plan is drifting. You also ask who or what will sustain their energy and resilience. You close by reading back the commitment and checkpoint date.",
      questions: [
        "What is your commitment, in one sentence?",
        "When will you stop and review whether the path is still right?",
        "What would tell you early that things are drifting?",
        "Who or what will keep your energy up when this gets hard?",
        "How confident are you, from 1 to 10, that you can sustain this?",
      ],
      guardrails: [
        "Do not end without a checkpoint date.",
        "Do not promise certainty; frame the checkpoint as a moment to learn and adjust.",
        "Do not minimise the personal toll of change if the client raises it.",
      ],
      schema: {
        type: "object",
        properties: {
          commitment: {
            type: "string",
            description: "The concrete commitment the client is making, in their own words",
            minLength: 10,
            maxLength: 300,
          },
          checkpointDate: {
            type: "string",
            description: "The date of the first checkpoint to review progress and adjust the path (YYYY-MM-DD)",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          earlyWarningSign: {
            type: "string",
            description: "A sign that the plan is drifting and needs revisiting",
            minLength: 5,
            maxLength: 300,
          },
          supportSource: {
            type: "string",
            description: "Who or what will sustain the client's energy and resilience",
            minLength: 3,
            maxLength: 300,
          },
          confidence: {
            type: "integer",
            description: "How confident the client is of sustaining the effort, from 1 (not at all) to 10 (certain)",
            minimum: 1,
            maximum: 10,
          },
        },
        required: ["commitment", "checkpointDate", "earlyWarningSign"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Read back the commitment, the checkpoint date and the early-warning sign, acknowledge the complexity the client is carrying and close the session.",
      },
    },
  ],
  completion: {
    summaryGuidance:
      "Write a summary in the second person that follows the compass: the context in two sentences, the desired outcome and its indicators, the central tension, the chosen path with its trade-off, who needs to be aligned and how, the first moves with the date, and the commitment with its checkpoint date and early-warning sign. Present the path as a hypothesis to test at the checkpoint, not a certainty.",
    actionPlanSteps: ["paths", "alignment", "firstSteps", "sustain"],
  },
};
