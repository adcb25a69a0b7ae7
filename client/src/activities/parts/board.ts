/** Every kind's Board view, each its own lazy chunk (only this role's list: see ../registry.ts). */
import type { Component } from 'svelte';

export default import.meta.glob<{ default: Component<any> }>('../*/Board.svelte');
