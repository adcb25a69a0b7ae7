import { Socket } from 'engine.io-client';
window.x = Socket;
