export { startGateway, type GatewayOptions, type RunningGateway } from './gateway.ts';
export { loadSubgraphs, startHub, type Hub, type HubOptions } from './hub.ts';
