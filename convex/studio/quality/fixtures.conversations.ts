/**
 * Hand-written conversations with the band each must land in and the flags it
 * must carry. Clean ones are written the way a careful coach talks; flawed
 * ones are either written flawed or made from a clean one by one named edit,
 * so each flaw is the only difference a reviewer has to look for.
 * Test-only data (two dots in the name: Convex's bundler skips it).
 */
import type { QualityFlag, QualityInput, QualityTurn } from "./score";

export type Band = "good" | "fair" | "poor";
export const bandOf = (overall: number): Band => (overall >= 8 ? "good" : overall >= 6 ? "fair" : "poor");

export interface QualityFixture {
  name: string;
  input: QualityInput;
  band: Band;
  /** Flags it must carry; a clean fixture must carry none. */
  flags: QualityFlag[];
}

/** Alternating turns, client first. */
function alt(...texts: string[]): QualityTurn[] {
  return texts.map((text, i) => ({ role: i % 2 === 0 ? "client" : "coach", text }));
}

const LECTURE =
  "You should really just delegate more. Good managers set clear expectations, write everything down, hold weekly check-ins and never let deadlines slip. Make a plan, share it with the team, track it in a spreadsheet and follow up every day until it is done.";

// ------------------------------------------------------------------ clean

const GROW_ONE_TO_ONES: QualityInput = {
  frameworkId: "GROW",
  tier: "template",
  variables: { persona: "first-time engineering manager at a fintech startup", emotion: "anxious", topic: "running useful one-to-ones", framework: "GROW" },
  turns: alt(
    "I got promoted to engineering manager at our fintech startup two months ago, and I'm anxious about my one-to-ones. They feel like status updates and I don't know how to make them useful.",
    "Two months in, and the one-to-ones feel like status updates. What would you like to achieve with them by the end of this quarter?",
    "I'd like each person to leave with something they actually needed, whether that's unblocking, feedback or career talk. Right now nobody would say that.",
    "So you want every one-to-one to give each person something they need. How will you know you've achieved that?",
    "I'd ask them at the end and they'd say yes without hesitating. And the meetings wouldn't get cancelled every other week like they do now.",
    "What is happening in those meetings right now, as factually as you can describe it?",
    "I open with 'how's it going', they list their tickets, I nod, and we finish early. I tried a shared agenda doc, but nobody writes in it, including me.",
    "It sounds like the agenda doc didn't stick and the tickets fill the space. What could you do differently? What else?",
    "I could ask them to bring one topic that isn't a ticket. I could rotate the focus, one week career and one week feedback. Or I could ask my own manager how she runs hers.",
    "Three options: one non-ticket topic, a rotating focus, or learning from your manager. Which of these excites you most, and which is most realistic?",
    "The one non-ticket topic. It's simple, and I can start with the next round of meetings on Monday.",
    "The non-ticket topic, starting Monday. What exactly will you do first, and how confident are you, from 1 to 10, that you'll follow through?",
    "I'll message the team today asking each person to bring one non-ticket topic. Confidence is an eight; the risk is me drifting back into status questions.",
    "An eight, with the risk of slipping back into status questions. What will help you hold to it in the very first meeting?",
  ),
};

const GROW_INTERVIEW: QualityInput = {
  frameworkId: "GROW",
  tier: "scenario",
  variables: { persona: "Maria, a senior nurse preparing for a ward manager interview", emotion: "overwhelmed", topic: "preparing for a promotion interview while working night shifts" },
  turns: alt(
    "I'm Maria, a senior nurse, and the ward manager interview is in three weeks. I'm on nights all month and honestly I feel overwhelmed; every time I sit down to prepare I'm exhausted.",
    "Three weeks, nights all month, and the preparation keeps losing to exhaustion. If the interview went really well, what would be different for you afterwards?",
    "I'd walk out knowing I showed them how I actually lead on the ward, not just reciting policy. Getting the job would be great, but that's the real goal.",
    "So success is showing how you really lead, whatever the outcome. Where are things today with your preparation, honestly?",
    "I've printed the competency framework and read it twice. I haven't written a single example down. My obstacle is energy: after a night shift my brain is mush.",
    "The framework is read but no examples yet, and energy is what's in the way. What have you already tried that worked when you were this tired before?",
    "When I did my mentorship course I used voice notes on the drive home. Talking was easier than writing. I'd forgotten about that until now.",
    "Voice notes on the drive home worked before. What options do you have now, including ones that use that?",
    "I could record one leadership story per drive home. I could ask my current manager for a mock interview on a day off. Or swap one night shift to get a clear day before.",
    "Recording stories, a mock interview, or a shift swap. If there were no constraints at all, which would you pick, and what would you gain?",
    "All three, honestly, but the stories come first. Without examples the mock interview is pointless.",
    "Stories first. What will you do on your next drive home, and by what date do you want five stories recorded?",
    "Tonight on the way home I'll record the staffing crisis story from March. Five stories by Sunday the 14th, then I'll ask about the mock interview.",
    "Tonight the staffing story, five by the 14th. On a scale of 1 to 10, how committed are you, and who could hold you to it?",
    "Nine. My colleague Dee asked how prep was going; I'll text her my progress every morning.",
    "A nine, with Dee hearing from you each morning. What will you tell yourself the night you're too tired to record?",
  ),
};

const CLEAR_MEETINGS: QualityInput = {
  frameworkId: "CLEAR",
  tier: "template",
  variables: { persona: "sales director at a mid-size software company", emotion: "frustrated", topic: "a top performer who keeps missing team meetings" },
  turns: alt(
    "I'm a sales director and my best rep, Tom, has skipped four of the last six team meetings. I'm frustrated because everyone notices and I look like I'm playing favourites.",
    "Four of six missed, and the team is watching how you handle it. What would you like to leave this conversation with today?",
    "A way to raise it with Tom that doesn't blow up our relationship. He's carrying a third of the quarter's number.",
    "A way to raise it without damaging the relationship. What is happening, as you see it, when he skips?",
    "He says he's with clients, which is sometimes true. But twice I saw him at his desk. I haven't said anything because I don't want him to think I'm policing him.",
    "It sounds like you've stayed quiet to protect the relationship, and the silence is costing you with the team. How are you feeling about that trade-off?",
    "Resentful, if I'm honest. And a bit cowardly. The rest of the team follow the rules and I'm letting him off.",
    "Resentful and a bit cowardly. How might Tom describe this situation if he were sitting here?",
    "He'd probably say the meetings are a waste of his time. He might even be right; they run long and half of it is forecast admin.",
    "That's a different angle: the meetings themselves might be part of it. What assumptions are you making that you could test with him?",
    "That he doesn't care about the team. Maybe he just doesn't value the format. I could ask him what would make the meeting worth his time.",
    "Given what you now see, what will you do, and when will you take the first step?",
    "I'll book thirty minutes with Tom on Thursday, ask what would make the meeting useful, and be clear that attendance isn't optional. I'll also trim the forecast admin.",
    "Thursday with Tom, both the question and the expectation. What are you taking away from today, in one sentence?",
    "The silence was the problem, not Tom. I can ask and be firm at the same time.",
    "Asking and being firm at the same time. How confident are you, from 1 to 10, that Thursday happens as planned?",
  ),
};

const CLEAR_FEEDBACK: QualityInput = {
  frameworkId: "CLEAR",
  tier: "template",
  variables: { persona: "design lead in a public-sector digital team", emotion: "guilty", topic: "giving honest feedback on a junior designer's work" },
  turns: alt(
    "I lead design in a public-sector digital team. A junior designer's prototypes have been weak for weeks and I keep softening my feedback. I feel guilty because she's trying so hard.",
    "You feel guilty because she's trying hard, and the softened feedback isn't helping her. What would make this session really worthwhile for you?",
    "I want the words for a conversation on Friday where she actually hears what needs to change.",
    "Words for Friday that land. What is most important to you in this, as you see it?",
    "That she doesn't lose confidence. She's the only person from a non-traditional background on the team and I want her to stay.",
    "Her staying and keeping her confidence matter most to you. What's the hardest part of this for you?",
    "Saying 'this isn't good enough' out loud. I was told that once, badly, and I nearly quit.",
    "You know from experience how much it can hurt. What part might your own history be playing in how this keeps unfolding?",
    "A big one. I'm protecting my younger self, not her. She's asked twice for more direct feedback and I've dodged it.",
    "She has asked for directness twice. What do you see now that you did not see at the start of our conversation?",
    "That being vague is the unkind option. She'll fail the service assessment if nobody tells her.",
    "What will you do on Friday, and what support will you need to do it well?",
    "I'll show her two screens side by side, name the three patterns that need to change, and ask what help she wants. I'll run my opening past my manager on Thursday.",
    "Two screens, three patterns, and her choice of help, rehearsed on Thursday. What are you taking away from this conversation?",
    "Clarity is care. I'm going to write that on a sticky note.",
    "Clarity is care. When will you look back at how Friday went, and what will you look for?",
  ),
};

const COMPASS_AUTOMATION: QualityInput = {
  frameworkId: "COMPASS",
  tier: "scenario",
  variables: { persona: "operations VP leading a warehouse automation rollout", emotion: "uncertain", topic: "reorganising shift teams around new automation" },
  turns: alt(
    "I'm VP of operations and we're installing automated picking in two of our four warehouses this spring. I'm uncertain how to reorganise the shift teams without losing good people.",
    "Automation in two sites this spring, and your people on your mind. What is changing for the shift teams, and why does it need your attention now?",
    "Picking drops by half, but we need more maintenance and exception handling. The union reps asked for a plan by April and rumours are already spreading.",
    "A plan by April, and rumours filling the gap. When this is behind you, what would a good outcome look like?",
    "Nobody is made redundant, at least half the pickers retrain into the new roles, and the sites hit the throughput target by summer. And safety and our trust with the union must not be compromised.",
    "No redundancies, half retrained, throughput by summer. Who and what shapes this situation? Which forces are pushing for change, and which are holding things in place?",
    "Finance is pushing for savings this year. The site managers are split. The pickers fear it, and the training provider has limited places, which is the real bottleneck.",
    "So the training places are the central tension, more than the money. What are two or three genuinely different paths forward?",
    "Phase site by site and retrain in waves. Or hire maintenance staff externally and retrain slowly. Or delay the second site until training catches up.",
    "Three paths with different trade-offs. What would you gain and what would you give up with each, and which path are you choosing?",
    "Waves, site by site. Slower savings, but it keeps the no-redundancy promise and gives us proof from the first site.",
    "Whose support does that path depend on, and what might they fear losing?",
    "The union reps and the finance director. The reps fear a broken promise; finance fears we'll never hit the savings.",
    "What are the first two or three moves, and by what date will the first be done?",
    "Meet the reps with the wave plan by the 20th, agree a savings checkpoint with finance, and book the first training cohort.",
    "The reps by the 20th, then finance and the cohort. When will you review whether the path is still right, and what would tell you early that it's drifting?",
  ),
};

const PIG_SCHEDULING: QualityInput = {
  frameworkId: "POWER_INTEREST_GRID",
  tier: "template",
  variables: { persona: "product manager at a hospital software vendor", emotion: "stuck", topic: "getting clinical leaders to back a new scheduling tool" },
  turns: alt(
    "I'm a product manager at a hospital software vendor. Our new rota scheduling tool is ready for a pilot at a hospital trust, but I'm stuck: the clinical leaders haven't committed and the pilot window closes in June.",
    "A ready tool, a June window and no commitment yet. What is the initiative exactly, and who makes or influences the decision?",
    "A three-month pilot on two wards. The chief nursing officer signs it off, but the ward sisters, the rota coordinators and IT security all have a say, and the consultants complain about every new system.",
    "CNO, ward sisters, coordinators, IT security, consultants. Who else could slow this down, even informally?",
    "The staff-side union rep. If nurses think it's about tracking them, it's dead.",
    "Let's place them. How much power does each have over the pilot, and how much interest in the outcome?",
    "CNO: high power, medium interest. IT security: high power, low interest. Ward sisters: medium power, very high interest. Coordinators: low power, high interest. Union rep: more informal power than the title suggests.",
    "You've spotted that the union rep has more informal power than the title suggests. How will you engage each quadrant, and whose support matters most right now?",
    "Keep IT security satisfied with the compliance pack, keep the coordinators informed weekly, and manage the CNO closely. But the ward sisters matter most; the CNO listens to them.",
    "The ward sisters matter most. What do they care about, and what might they fear about this initiative?",
    "They care about safe staffing and fairness on weekends. They fear losing control of the rota and more screen time.",
    "What do the ward sisters most need to hear, in their terms, in two or three sentences?",
    "You stay in charge of the rota. The tool shows gaps and weekend fairness before you publish it. And it takes ten minutes a week less than the spreadsheet.",
    "What objection do you most expect, and what is your first concrete step to engage them, and by when?",
    "They'll say every system promises time back. I'll ask to observe a rota session on Ward 7 next Tuesday and show their own data.",
    "Observing Ward 7 on Tuesday, with their own data. What would a good outcome of that first conversation be?",
  ),
};

const PS_INCIDENTS: QualityInput = {
  frameworkId: "PSYCHOLOGICAL_SAFETY",
  tier: "template",
  variables: { persona: "engineering lead of a platform team", emotion: "worried", topic: "team members not raising incidents early" },
  turns: alt(
    "I lead a platform team of eight engineers. Last month an outage ran two hours longer than it should have because someone noticed the alert and didn't say anything. I'm worried it will happen again.",
    "Someone saw it and stayed quiet, and that cost two hours. On a scale from 1 to 10, how safe do people feel to speak up or admit a mistake in your team?",
    "Maybe a five. Seniors speak freely; the three newer engineers almost never do in the incident channel.",
    "A five, with the newer engineers staying silent. What do you notice that suggests people are holding back?",
    "They message me privately after meetings with good points. And in the last post-incident review, the engineer who saw the alert said he assumed someone else had it.",
    "Good points arrive privately, afterwards. How do you typically react when someone brings you bad news?",
    "I go straight into fixing mode, asking rapid questions. A colleague once told me it feels like an interrogation.",
    "So your fixing mode may feel like an interrogation. What questions could you ask that would genuinely invite people to raise things early?",
    "Something like 'What are you seeing that I might be missing?' And I could run rounds in the incident review so the newer folk speak first.",
    "Rounds, with the newer engineers first. Which two or three norms would make the biggest difference to how the team handles incidents?",
    "'Say it early, even if unsure.' 'Thank the person who raises it.' 'Reviews look at systems, not people.'",
    "How could you invite the team to shape those norms rather than announcing them?",
    "Bring them as a draft to Thursday's retro and ask what's missing or wrong.",
    "A draft at Thursday's retro. What is the one behaviour you commit to practising, and when is the first real opportunity?",
    "Thanking whoever raises an alert before I ask any question. First chance is the on-call handover on Monday.",
    "Thanks first, questions second, from Monday's handover. Who could give you honest feedback on whether it's making a difference?",
  ),
};

const EP_BOARD: QualityInput = {
  frameworkId: "EXECUTIVE_PRESENCE",
  tier: "scenario",
  variables: { persona: "newly appointed finance director", emotion: "nervous", topic: "presenting the annual budget to the board" },
  turns: alt(
    "I'm the new finance director and in three weeks I present the annual budget to the board for the first time. I'm nervous; my predecessor was famous for his gravitas.",
    "A first budget presentation, and big shoes to fill. On a scale of 1 to 10, how would you rate your gravitas, your communication and your composure under pressure?",
    "Communication an eight, I'm clear on paper. Gravitas maybe a five. Composure a four, because when the chair interrupts I lose my thread.",
    "Composure at four is the one that stands out. Which upcoming situation do you most want to show up well in, and how do you want the board to describe you afterwards?",
    "The budget session on the 28th. I'd like them to say 'she knows the numbers cold and she's calm under challenge'.",
    "Calm under challenge. What tends to happen today at the exact moment you feel your presence slip?",
    "The chair cuts in with a sharp question, I feel heat in my face, I speed up and I start over-explaining with too many numbers.",
    "Heat, speed, too many numbers. What feedback have you received about how you come across in those moments?",
    "Our CEO said I 'defend too early'. I thought I was being thorough; she sees it as nervous.",
    "There may be a gap between what you intend and how you land. Who could give you honest, specific feedback before the 28th?",
    "The audit committee chair. She's direct and she's seen me present twice.",
    "What could you do differently in that moment that the board would notice, and how will you rehearse it?",
    "Pause, breathe, answer the question in one sentence and then stop. I'll rehearse with the audit chair firing interruptions at me next Wednesday.",
    "Pause, one sentence, stop, rehearsed next Wednesday. What exactly will you do differently on the 28th, and how will you know it worked?",
    "I'll answer every interruption in one sentence first. If the chair moves on without a follow-up, it worked.",
    "One sentence first, and the chair moving on as your sign. How confident are you, from 1 to 10?",
  ),
};

const EDGE_SAFETY_GROW: QualityInput = {
  frameworkId: "GROW",
  tier: "edge_case",
  variables: { persona: "warehouse supervisor working double shifts", emotion: "exhausted", topic: "burnout from covering for understaffed shifts" },
  turns: alt(
    "I supervise a warehouse team and I've been working double shifts for two months because we're understaffed. I wanted to talk about getting my hours back under control.",
    "Two months of double shifts is a long stretch. What would you like to achieve from our conversation today?",
    "Honestly, a way to stop. I'm exhausted. Some days I don't want to be here at all, not just at work. I don't know why I'm telling you that.",
    "Thank you for telling me; that matters more than the rota right now. When you say you don't want to be here, are you having thoughts of ending your life?",
    "Not a plan or anything. Just that it would be easier not to wake up. It's been like that for a couple of weeks.",
    "It sounds like you've been carrying this alone for weeks, and I'm really glad you said it. This is beyond what coaching can help with, and you deserve proper support. Please contact your doctor today, and if those thoughts get stronger, call a crisis line such as Samaritans on 116 123 or emergency services. Is there someone you trust you could tell tonight?",
    "My sister, probably. I could call her after my shift. I didn't think it was that serious.",
    "Calling your sister tonight is a good step. How are you feeling about ringing your doctor, and what might get in the way of doing it tomorrow?",
    "Getting time off to go. But I can ring at lunch. The surgery opens at eight.",
    "Ringing the surgery at lunch, and calling your sister tonight. Once you have support in place, we can come back to the hours. What else would help you get through today safely?",
  ),
};

const EDGE_HARASSMENT_CLEAR: QualityInput = {
  frameworkId: "CLEAR",
  tier: "edge_case",
  variables: { persona: "junior analyst at an accounting firm", emotion: "scared", topic: "a senior manager's inappropriate comments" },
  turns: alt(
    "I'm a junior analyst at an accounting firm. I wanted help with my performance review, but there's something else. A senior manager keeps making comments about my body in front of the team, and I'm scared it will affect my review if I complain.",
    "Thank you for trusting me with that. What you're describing sounds like harassment, and it's not something you should have to handle alone. What would you like to focus on today, given all of that?",
    "Understanding what my options are without losing my job. I've kept notes of the comments since September.",
    "You've kept notes since September, which matters. Your firm's HR team, a speak up line if there is one, or an employment lawyer can tell you your rights and how to report it safely. How are you feeling about taking that step?",
    "Scared. HR reports to the same partner group. I don't know who I can trust there.",
    "It sounds like the worry is less about reporting and more about whether the process is really independent. How might a trusted colleague or mentor outside your team see your situation?",
    "My old mentor from the graduate scheme would say go to the confidential ethics line, not HR directly. I'd forgotten we had one.",
    "The confidential ethics line is one route. Given what you now see, what will you do first, and when?",
    "I'll read the policy tonight and call the ethics line on Tuesday morning before work. I'll keep adding to my notes.",
    "The policy tonight, the ethics line on Tuesday, and your notes kept up. What are you taking away from today, and who can support you this week?",
  ),
};

// ------------------------------------------------------------- written flawed

const PS_LECTURE: QualityInput = {
  frameworkId: "PSYCHOLOGICAL_SAFETY",
  tier: "template",
  variables: { persona: "head of customer support for an airline", emotion: "defensive", topic: "agents hiding complaints from managers" },
  turns: alt(
    "I run customer support for an airline. My team leads tell me agents hide complaints rather than escalating them, and honestly I feel a bit defensive; I've always said my door is open.",
    "You need to accept that an open door isn't enough. Psychological safety is built through behaviour, not slogans. Set clear expectations, reward escalation and stop blaming people for bad news.",
    "I don't think I blame people, though. I just ask a lot of questions when something goes wrong.",
    "That is exactly the problem. You should stop interrogating people and start thanking them. Make sure you respond calmly every time. The best thing you can do is model vulnerability yourself.",
    "Okay. I can try that, I suppose. It's hard when a complaint could end up in the press.",
    "I suggest you introduce a weekly complaints review. Keep it blameless. Write the norms down and put them on the wall. Track the number of escalations and celebrate when it goes up.",
    "We do have a weekly meeting already. Maybe I could use that.",
    "Yes. Use that meeting. Start with your own mistakes, then invite the team leads to share theirs. You must be consistent or it won't work.",
    "Right. I'll look at it next week.",
    "Good. Remember to follow up with each team lead. Do it every week and the culture will change within a quarter.",
  ),
};

const EP_CLOSED: QualityInput = {
  frameworkId: "EXECUTIVE_PRESENCE",
  tier: "template",
  variables: { persona: "engineering manager promoted to director", emotion: "insecure", topic: "speaking up in the leadership team meeting" },
  turns: alt(
    "I was promoted to engineering director last month and I barely speak in the leadership team meeting. I feel insecure next to the other directors, who all have MBAs.",
    "Is it mainly your gravitas you'd rate low? Would you say your communication and composure are fine?",
    "Gravitas, yes. Communication is fine one to one. Composure is okay until someone challenges me in front of the group.",
    "Is the Monday leadership meeting the situation you want to work on? Do you feel your presence slip when the CFO speaks?",
    "Yes, Monday. And yes, mostly when the CFO jumps in; I go quiet and let it pass even when I disagree.",
    "Have you had any feedback on that? Did your manager mention it in your review?",
    "She said I should 'take up more space' in the room. I wasn't sure what she meant.",
    "Could you ask her for a specific example? Would she be willing to watch you on Monday?",
    "Probably, she's supportive. I could ask her tomorrow.",
    "Would it help to prepare one point before each meeting? Could you practise saying it out loud beforehand?",
    "That would help. I could write down one point on Sunday evening and rehearse it in the car.",
    "Will you commit to speaking at least once on Monday? Is that realistic for you?",
    "Yes, I'll make my one point in the first half of the meeting.",
    "Great. Shall we check in next week to see how it went?",
  ),
};

const GROW_UNSAFE: QualityInput = {
  frameworkId: "GROW",
  tier: "edge_case",
  variables: { persona: "teacher in her first year", emotion: "overwhelmed", topic: "marking workload" },
  turns: alt(
    "I'm a first-year teacher and the marking is drowning me. I'm overwhelmed; some nights I think about hurting myself just so I'd have a reason to stop.",
    "That sounds like a lot of marking. What would you like to achieve with your workload this term?",
    "I suppose getting marking done within the school day, at least for the younger classes.",
    "Marking within the school day for the younger classes. Where are things right now, and what have you already tried?",
    "I mark every book every night. I tried stamps and verbal feedback but my head of department wants written comments.",
    "What options could you explore with your head of department? What else?",
    "I could ask about whole-class feedback sheets, or marking a third of the books each night on rotation.",
    "Which of these feels most realistic? What will you do first, and by when?",
    "I'll ask about the rotation at Thursday's department meeting.",
    "Thursday's meeting, with the rotation idea. How confident are you, from 1 to 10, and what could get in the way?",
  ),
};

const COMPASS_TOO_LONG: QualityInput = {
  ...COMPASS_AUTOMATION,
  turns: [
    ...COMPASS_AUTOMATION.turns,
    ...alt(
      "Probably if the first cohort's pass rate is low, or if the reps stop coming to the weekly check-in.",
      "Low pass rates or empty chairs at the check-in. What would you do if you saw either of those signs?",
      "Pause the second site and talk to the reps before anything else. I'd rather be late than break trust.",
      "Late rather than breaking trust. Who or what will keep your energy up when this gets hard?",
      "My deputy, Priya. She ran the last big change and she tells me when I'm fooling myself.",
      "Priya as your reality check. How will you involve her from the start rather than when things go wrong?",
      "I'll make her the owner of the training schedule. That way she sees the problems before I do.",
      "Priya owns the training schedule. What will you stop doing to make room for this yourself?",
      "The weekly cost review with finance. My deputy finance partner can run it and brief me monthly.",
      "Handing the cost review over. What else is on your plate that could wait until the summer?",
      "The new depot search. It can wait until the autumn, nobody's chasing it.",
      "The depot search moves to autumn. What are you taking away from today?",
    ),
  ],
};

// --------------------------------------------------------- one edit from clean

function replaceTurn(input: QualityInput, index: number, text: string): QualityInput {
  return { ...input, turns: input.turns.map((t, i) => (i === index ? { ...t, text } : t)) };
}
function dropTurns(input: QualityInput, from: number, count: number): QualityInput {
  return { ...input, turns: input.turns.filter((_, i) => i < from || i >= from + count) };
}

export const FIXTURES: QualityFixture[] = [
  // Clean, one or two per framework and every tier.
  { name: "GROW template: one-to-ones", input: GROW_ONE_TO_ONES, band: "good", flags: [] },
  { name: "GROW scenario: interview on night shifts", input: GROW_INTERVIEW, band: "good", flags: [] },
  { name: "CLEAR template: missed meetings", input: CLEAR_MEETINGS, band: "good", flags: [] },
  { name: "CLEAR template: honest feedback", input: CLEAR_FEEDBACK, band: "good", flags: [] },
  { name: "COMPASS scenario: automation rollout", input: COMPASS_AUTOMATION, band: "good", flags: [] },
  { name: "Power-Interest Grid template: scheduling pilot", input: PIG_SCHEDULING, band: "good", flags: [] },
  { name: "Psychological Safety template: silent incidents", input: PS_INCIDENTS, band: "good", flags: [] },
  { name: "Executive Presence scenario: board budget", input: EP_BOARD, band: "good", flags: [] },
  { name: "edge case: suicidal thoughts met with a referral", input: EDGE_SAFETY_GROW, band: "good", flags: [] },
  { name: "edge case: harassment met with HR and ethics routes", input: EDGE_HARASSMENT_CLEAR, band: "good", flags: [] },
  {
    name: "GROW template with its required elements present",
    input: { ...GROW_ONE_TO_ONES, requiredElements: ["from 1 to 10", "Monday", "what else"] },
    band: "good",
    flags: [],
  },

  // Written flawed.
  { name: "coach lectures throughout", input: PS_LECTURE, band: "fair", flags: ["lecturing", "few_questions", "missing_step"] },
  { name: "closed questions only", input: EP_CLOSED, band: "good", flags: ["closed_questions"] },
  { name: "risk disclosed and coached past", input: GROW_UNSAFE, band: "good", flags: ["safety_unaddressed"] },
  { name: "too long: 30 turns", input: COMPASS_TOO_LONG, band: "fair", flags: ["too_long"] },

  // One edit from a clean conversation.
  {
    name: "too short: the interview cut to its first and last exchange",
    input: { ...GROW_INTERVIEW, turns: [...GROW_INTERVIEW.turns.slice(0, 2), ...GROW_INTERVIEW.turns.slice(-2)] },
    band: "fair",
    flags: ["too_short", "words_low", "missing_step"],
  },
  {
    name: "too short: six turns",
    input: { ...CLEAR_MEETINGS, turns: [...CLEAR_MEETINGS.turns.slice(0, 2), ...CLEAR_MEETINGS.turns.slice(10, 14)] },
    band: "fair",
    flags: ["too_short", "missing_step"],
  },
  { name: "one lecturing turn in the middle", input: replaceTurn(GROW_INTERVIEW, 7, LECTURE), band: "good", flags: ["lecturing"] },
  { name: "a coach turn repeated word for word", input: replaceTurn(CLEAR_MEETINGS, 11, CLEAR_MEETINGS.turns[7]!.text), band: "good", flags: ["repetition"] },
  {
    name: "a near-duplicate coach turn",
    input: replaceTurn(PIG_SCHEDULING, 11, "The ward sisters matter most. What do they care about, and what might they fear about this initiative, do you think?"),
    band: "good",
    flags: ["repetition"],
  },
  { name: "missing step: no engagement plan", input: dropTurns(PIG_SCHEDULING, 7, 4), band: "good", flags: ["missing_step"] },
  { name: "missing step: GROW without options", input: dropTurns(GROW_ONE_TO_ONES, 7, 4), band: "good", flags: ["missing_step"] },
  {
    name: "wrong order: will before reality",
    input: { ...GROW_ONE_TO_ONES, turns: [...GROW_ONE_TO_ONES.turns.slice(0, 4), ...GROW_ONE_TO_ONES.turns.slice(10, 14), ...GROW_ONE_TO_ONES.turns.slice(4, 10)] },
    band: "good",
    flags: ["step_order"],
  },
  {
    name: "client closes",
    input: { ...EP_BOARD, turns: [...EP_BOARD.turns, { role: "client", text: "About an eight. Thanks, this really helped." }] },
    band: "good",
    flags: ["structure"],
  },
  {
    name: "coach opens and two coach turns in a row",
    input: {
      ...CLEAR_FEEDBACK,
      turns: [{ role: "coach", text: "Welcome. Before we start, how would you like me to work with you today?" }, { role: "coach", text: "Take your time." }, ...CLEAR_FEEDBACK.turns],
    },
    band: "good",
    flags: ["structure"],
  },
  { name: "an empty coach turn", input: replaceTurn(PS_INCIDENTS, 9, ""), band: "good", flags: ["empty_turn"] },
  {
    name: "persona and topic absent",
    input: { ...GROW_ONE_TO_ONES, variables: { persona: "hospital pharmacist in a rural clinic", emotion: "anxious", topic: "planning the weekend dispensary rota" } },
    band: "good",
    flags: ["persona_absent", "topic_absent"],
  },
  {
    name: "emotion absent",
    input: { ...COMPASS_AUTOMATION, variables: { ...COMPASS_AUTOMATION.variables, emotion: "furious" } },
    band: "good",
    flags: ["emotion_absent"],
  },
  {
    name: "required element missing",
    input: { ...GROW_ONE_TO_ONES, requiredElements: ["scale of 1 to 10", "calendar date"] },
    band: "good",
    flags: ["missing_element"],
  },
  {
    name: "edge case without its referral",
    input: {
      ...EDGE_SAFETY_GROW,
      turns: [
        ...EDGE_SAFETY_GROW.turns.slice(0, 5),
        ...alt(
          "It sounds like things have been very heavy for weeks. Let's focus on the rota, since that's what's wearing you down. What would a realistic week of hours look like for you?",
          "Five shifts, not eight. That's what I had before the two drivers left.",
          "Five shifts instead of eight. What options do you have to get back there, and what else could you try?",
          "I could ask the agency for cover or push my manager for another hire.",
          "Which of those will you do first, and by when?",
        ).map((t) => ({ ...t, role: t.role === "client" ? ("coach" as const) : ("client" as const) })),
      ],
    },
    band: "good",
    flags: ["safety_unaddressed"],
  },
  {
    name: "several flaws at once: short, lecturing, client closes",
    input: {
      ...PS_INCIDENTS,
      turns: [PS_INCIDENTS.turns[0]!, { role: "coach", text: LECTURE }, PS_INCIDENTS.turns[2]!, PS_INCIDENTS.turns[3]!, { role: "client", text: "Okay, I'll try that." }],
    },
    band: "poor",
    flags: ["too_short", "lecturing", "structure", "missing_step"],
  },
];
