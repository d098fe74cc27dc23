import type { Framework } from "./types";

/**
 * Executive Presence, after Sylvia Ann Hewlett's three dimensions: gravitas
 * (how you act), communication (how you speak) and appearance, read here
 * broadly as how you show up, including composure under pressure.
 */
export const EXECUTIVE_PRESENCE: Framework = {
  id: "EXECUTIVE_PRESENCE",
  name: "Executive Presence",
  description:
    "A development conversation about how you show up when it counts. You assess yourself on gravitas, communication, and appearance and composure, pick a specific high-stakes situation, weigh the feedback you have had against how you see yourself, choose a few concrete practices and commit to trying them on a date. Best before a board meeting, a big presentation or a step up into a more senior role, or when you feel you are not being taken seriously.",
  typicalDurationMinutes: 45,
  suits: ["executive_presence"],
  keywords: [
    "executive presence",
    "presence",
    "gravitas",
    "confidence",
    "credibility",
    "presenting",
    "presentation",
    "public speaking",
    "board meeting",
    "boardroom",
    "keynote",
    "composure",
    "nerves",
    "nervous",
    "visibility",
    "leadership brand",
    "impostor",
    "imposter",
    "c-suite",
    "pitch",
    "authority",
    "taken seriously",
    "interrupted",
    "body language",
    "voice",
    "first impression",
  ],
  steps: [
    {
      id: "presenceDimensions",
      name: "Gravitas, communication and composure",
      objective:
        "Self-assess the three dimensions of presence and choose the one to develop first.",
      durationMinutes: 8,
      systemPrompt:
        "You introduce the three dimensions of executive presence in plain words: gravitas is how you act (confidence, decisiveness, credibility under pressure), communication is how you speak (clarity, concision, reading and commanding the room), and appearance and composure is how you show up (calm under pressure, body language, voice and an appropriate level of polish). You ask the client to rate themselves on each from 1 to 10, with an example behind each rating. You help them choose the one dimension that would make the most difference now. You treat appearance as being about composure and fit for context, never about looks, gender, age or culture.",
      questions: [
        "On a scale of 1 to 10, how would you rate your gravitas: how confident and credible you come across under pressure?",
        "How would you rate your communication: how clearly and concisely you land your point and read the room?",
        "How would you rate your composure and the way you show up physically when the stakes are high?",
        "What example makes you give each of those ratings?",
        "Which dimension, if it improved, would make the biggest difference for you right now?",
      ],
      guardrails: [
        "Do not comment on the client's looks, body, accent, gender, age or culture.",
        "Do not present executive presence as conforming to one narrow style; help the client find an authentic version.",
        "Do not rate the client yourself; ask for their self-assessment and examples.",
      ],
      schema: {
        type: "object",
        properties: {
          gravitasRating: {
            type: "integer",
            description: "The client's self-rating for gravitas (confidence, decisiveness, credibility under pressure), from 1 to 10",
            minimum: 1,
            maximum: 10,
          },
          communicationRating: {
            type: "integer",
            description: "The client's self-rating for communication (clarity, concision, reading the room), from 1 to 10",
            minimum: 1,
            maximum: 10,
          },
          composureRating: {
            type: "integer",
            description: "The client's self-rating for appearance and composure (calm under pressure, body language, voice), from 1 to 10",
            minimum: 1,
            maximum: 10,
          },
          focusDimension: {
            type: "string",
            description: "The dimension the client chose to develop first",
            enum: ["gravitas", "communication", "appearance_and_composure"],
          },
        },
        required: ["gravitasRating", "communicationRating", "composureRating", "focusDimension"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Reflect back the ratings and the chosen dimension, then ask for a specific upcoming situation where presence really matters.",
      },
    },
    {
      id: "situation",
      name: "The situation",
      objective:
        "Anchor the work in one specific, upcoming situation: how the client wants to come across and what tends to happen today.",
      durationMinutes: 9,
      systemPrompt:
        "You help the client pick one specific, upcoming situation where presence matters, such as a board update, a pitch or a difficult meeting with senior leaders. You ask how they want to be perceived in that room, in a few words, and what tends to happen today in similar moments: what they do, feel and notice in their body. You look for the precise moment where presence slips, such as the first minute, a challenging question or an interruption. You summarise the situation and the pattern before moving on.",
      questions: [
        "Which upcoming situation do you most want to show up well in?",
        "How do you want the people in that room to describe you afterwards?",
        "What tends to happen today in moments like this?",
        "At what exact moment do you feel your presence slip?",
        "What do you notice in your body and your voice when that happens?",
      ],
      guardrails: [
        "Do not work on presence in general; anchor it in a specific situation.",
        "Do not dismiss nerves as a weakness; treat them as information and energy.",
        "Do not give tips yet; understand the pattern first.",
      ],
      schema: {
        type: "object",
        properties: {
          situation: {
            type: "string",
            description: "The specific upcoming situation where the client wants more presence, such as a quarterly board update",
            minLength: 10,
            maxLength: 400,
          },
          situationDate: {
            type: "string",
            description: "When the situation takes place (YYYY-MM-DD), if known",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          desiredImpression: {
            type: "string",
            description: "How the client wants to be perceived in that situation, in a few words or a sentence",
            minLength: 5,
            maxLength: 300,
          },
          currentPattern: {
            type: "string",
            description: "What tends to happen today in such moments: what the client does, feels or notices",
            minLength: 10,
            maxLength: 400,
          },
        },
        required: ["situation", "desiredImpression", "currentPattern"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Summarise the situation and the moment presence tends to slip, then ask what feedback the client has had from others.",
      },
    },
    {
      id: "feedback",
      name: "Feedback",
      objective:
        "Compare the client's self-perception with what others actually experience, and plan how to get specific feedback.",
      durationMinutes: 9,
      systemPrompt:
        "You help the client look at presence from the outside, because presence lives in the perception of others. You ask what feedback they have received, from whom, and how specific it was, and you help them separate observable behaviour from vague labels such as 'needs more gravitas'. You explore possible gaps between intent and impact without judgement. If the client has little feedback, you help them plan whom to ask and what precise question to ask. You summarise what the feedback says and what is still unknown.",
      questions: [
        "What feedback have you received about how you come across?",
        "Who gave it, and what exactly did they observe?",
        "Where might there be a gap between what you intend and how you land?",
        "Who could give you honest, specific feedback before or after the situation?",
        "What exactly would you ask them?",
      ],
      guardrails: [
        "Do not treat vague labels as facts; help the client find the behaviour behind them.",
        "Do not speculate about what others think beyond what the client reports.",
        "Do not dismiss feedback that may reflect bias; help the client weigh it thoughtfully.",
      ],
      schema: {
        type: "object",
        properties: {
          feedbackReceived: {
            type: "string",
            description: "Feedback the client has received about their presence, with the source if known, or that there has been none",
            minLength: 5,
            maxLength: 500,
          },
          blindSpot: {
            type: "string",
            description: "A possible gap between the client's intent and their impact, as the client sees it",
            minLength: 5,
            maxLength: 300,
          },
          feedbackToSeek: {
            type: "string",
            description: "Whom the client will ask for specific feedback and what they will ask",
            minLength: 10,
            maxLength: 300,
          },
        },
        required: ["feedbackReceived", "feedbackToSeek"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Summarise what the feedback suggests, then invite the client to choose a few concrete practices for the situation.",
      },
    },
    {
      id: "practices",
      name: "Practices",
      objective:
        "Choose a few concrete, observable practices for the chosen dimension and plan how to rehearse them.",
      durationMinutes: 10,
      systemPrompt:
        "You help the client choose two or three practices that are small, observable and suited to their style, such as leading with the headline, pausing before answering a hard question, holding eye contact at the end of a sentence or a grounding breath before walking in. You ask the client to propose practices first and only then offer ideas if they want them, framed as options to test. You help them plan how and when to rehearse, ideally out loud and with someone watching. You also agree what they will do in the moment if pressure rises.",
      questions: [
        "What could you do differently in that moment that others would notice?",
        "What has worked for you before when you felt at your best?",
        "How will you rehearse, and with whom?",
        "What will you do in the moment if you feel the pressure rise?",
      ],
      guardrails: [
        "Do not prescribe a list of presence tips; help the client choose a few that fit them.",
        "Do not suggest practices that require the client to mask who they are.",
        "Do not accept more than a few practices; depth beats breadth.",
      ],
      schema: {
        type: "object",
        properties: {
          practices: {
            type: "array",
            description: "The specific, observable behaviours the client will practise",
            items: { type: "string", minLength: 5, maxLength: 200 },
            minItems: 1,
            maxItems: 4,
          },
          rehearsalPlan: {
            type: "string",
            description: "How and when the client will rehearse before the situation, and with whom",
            minLength: 10,
            maxLength: 300,
          },
          inTheMoment: {
            type: "string",
            description: "What the client will do in the moment if nerves or pressure rise",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["practices", "rehearsalPlan"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 2,
        handoff:
          "Confirm the practices and the rehearsal plan, then ask the client to commit to a first, dated step.",
      },
    },
    {
      id: "commitments",
      name: "Commitments",
      objective:
        "Commit to one observable presence behaviour, a date to put it into practice and a way to know it worked.",
      durationMinutes: 9,
      systemPrompt:
        "You help the client state one commitment as an observable behaviour, not a feeling such as 'be more confident'. You ask for the date on which they will put it into practice, usually the situation itself or a rehearsal before it. You ask how confident they are from 1 to 10 and what would tell them it worked, from their own experience or others' feedback. You close by reading the commitment back and acknowledging the courage it takes to work on how one shows up.",
      questions: [
        "What exactly will you do differently, in a way others could observe?",
        "On what date will you first put it into practice?",
        "How confident are you, from 1 to 10?",
        "How will you know it worked?",
      ],
      guardrails: [
        "Do not accept a feeling as a commitment; help the client name a behaviour.",
        "Do not end without a date.",
        "Do not add new practices while closing.",
      ],
      schema: {
        type: "object",
        properties: {
          commitment: {
            type: "string",
            description: "The presence commitment, stated as an observable behaviour",
            minLength: 10,
            maxLength: 300,
          },
          commitmentDate: {
            type: "string",
            description: "The date the client will first put the commitment into practice (YYYY-MM-DD)",
            format: "date",
            pattern: "^\\d{4}-\\d{2}-\\d{2}$",
          },
          confidence: {
            type: "integer",
            description: "How confident the client is of following through, from 1 (not at all) to 10 (certain)",
            minimum: 1,
            maximum: 10,
          },
          successSignal: {
            type: "string",
            description: "How the client will know it worked: what they or others will notice",
            minLength: 5,
            maxLength: 300,
          },
        },
        required: ["commitment", "commitmentDate", "confidence", "successSignal"],
        additionalProperties: false,
      },
      transition: {
        minUserTurns: 1,
        handoff:
          "Read back the commitment, its date and the success signal, wish the client well for the situation and close the session with a short summary.",
      },
    },
  ],
  completion: {
    summaryGuidance:
      "Write a summary in the second person: the self-ratings and the chosen dimension, the situation and how the client wants to come across, what the feedback says and whom they will ask, the practices with the rehearsal plan, and the commitment with its date, confidence and success signal. Be encouraging and specific, and never comment on appearance beyond what the client raised.",
    actionPlanSteps: ["practices", "commitments"],
  },
};
