/** The deterministic quality scorer for generated conversations (pure; see README.md). */
export {
  BLOCKING_FLAGS,
  CONFIDENCE_SCORE,
  FLAG_BELOW,
  LENGTH_RANGES,
  QUALITY_FLAGS,
  scoreConversation,
  WEIGHTS,
  type ConfidenceLevel,
  type CriterionId,
  type CriterionScore,
  type LengthRange,
  type QualityFlag,
  type QualityInput,
  type QualityReport,
  type QualitySignals,
  type QualityTurn,
} from "./score";
export { STEP_CUES } from "./cues";
