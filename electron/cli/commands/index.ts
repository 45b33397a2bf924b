import type { Command } from '../command.ts';
import { devicesCommand } from './devices.ts';
import { sessionCommand } from './session.ts';
import { sessionsCommand } from './sessions.ts';
import { simulatorCommand } from './simulator.ts';
import { tokenCommand } from './token.ts';

export const commands: readonly Command[] = [simulatorCommand, tokenCommand, devicesCommand, sessionCommand, sessionsCommand];
