import { SocketWithoutUpgrade, WebSocket } from 'engine.io-client';
window.x = [SocketWithoutUpgrade, WebSocket];
