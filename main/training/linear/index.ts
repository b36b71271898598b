export {
  fitLinear,
  isLinearModel,
  type LinearCoefficients,
  type LinearModel,
  linearFamily,
} from './family.js';
