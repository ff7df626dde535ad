export { resolveRedemptionPolicy, resolvedPolicyFor } from './resolve-policy.js';
export { listRedemptionPolicies, loadPolicyLayers, saveRedemptionPolicy } from './redemption-policy-store.js';
