import { io } from 'socket.io-client';
window.x = io;
