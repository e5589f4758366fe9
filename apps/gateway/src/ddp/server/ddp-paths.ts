/**
 * Where DDP is served: `/websocket` (and SockJS's raw `/sockjs/websocket`) as plain DDP, and SockJS's
 * websocket transport `/sockjs/<server>/<session>/websocket` with SockJS framing (what Meteor's web client
 * uses). Returns null for any other path.
 */
export function ddpTransportOf(url: string | undefined): 'plain' | 'sockjs' | null {
  const path = (url ?? '').split('?')[0];
  if (path === '/websocket' || path === '/sockjs/websocket') return 'plain';
  if (/^\/sockjs\/[^/.]+\/[^/.]+\/websocket$/.test(path)) return 'sockjs';
  return null;
}
