/**
 * Connection options shared by every NATS connection of an app: reconnect forever (a NATS restart must not
 * need an app restart), quickly, and name the connection after the app instance for `nats-server` monitoring.
 */
export function natsConnectionOptions(natsUrl: string, name: string) {
  return {
    servers: natsUrl.split(',').map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    pingInterval: 5_000,
    maxPingOut: 2,
  };
}
