import { SocketWithUpgrade, XHR, WebSocket } from 'engine.io-client';
window.x = [SocketWithUpgrade, XHR, WebSocket];
