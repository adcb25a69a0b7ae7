import { Encoder, Decoder } from 'socket.io-parser';
window.x = [Encoder, Decoder];
