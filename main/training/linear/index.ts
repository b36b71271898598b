export { fitLinear, type LinearCoefficients, type LinearModel, linearFamily } from './family.js';
