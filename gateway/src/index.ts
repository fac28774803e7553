export { startGateway, WS_CLOSE, type GatewayOptions, type GatewaySecurity, type RunningGateway } from './gateway.ts';
export { securityFromEnv, devTokenSecret } from './config.ts';
export { corsOriginsFromEnv } from './cross-origin.ts';
export { startHub, type Hub, type HubOptions } from './hub.ts';
export { createAuthenticator, DEV_AUDIENCE, DEV_ISSUER, EXAMPLE_IDENTITIES, mintDevToken, TokenErrorCode, type DevTokenClaims, type TokenVerification } from './auth.ts';
export { DEFAULT_LIMITS, LimitCode, type Limits } from './limits.ts';
export { loadTrustedOperations, operationId, type TrustedOperation } from './trusted-operations.ts';
export { GatewayErrorCode, PUBLIC_ERROR_CODES } from './errors.ts';
export { DEFAULT_SUBSCRIBER_BOUND, type SubscriberBound } from './subscriptions/subscriber-feed.ts';
