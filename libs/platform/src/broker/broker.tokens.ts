/** The app's NATS client connection (Nest's ClientNats), shared by RpcClient and EventBus. */
export const NATS_CLIENT = Symbol('NATS_CLIENT');
