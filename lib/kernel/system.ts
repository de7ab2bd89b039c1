// Production clock and id generator. Ids sort by creation time (ms, base36) then 8 random hex
// digits, so lists in id order are in creation order and ids never collide across Lambdas.
import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from './ports';

export const systemClock: Clock = { now: () => new Date() };

export const randomIds: IdGenerator = {
  next(prefix) {
    return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}`;
  },
};
