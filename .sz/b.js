import { SocketWithUpgrade, XHR, WebSocket } from 'engine.io-client';
import { Encoder, Decoder } from 'socket.io-parser';
window.x = [SocketWithUpgrade, XHR, WebSocket, Encoder, Decoder];
