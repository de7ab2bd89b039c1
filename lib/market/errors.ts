// Domain failures the use cases report; the HTTP layer maps each kind to a status.
export type MarketErrorKind = 'not-found' | 'conflict' | 'invalid' | 'forbidden' | 'unauthorized';
export interface FieldError { path: string; message: string }

export class MarketError extends Error {
  constructor(readonly kind: MarketErrorKind, message: string, readonly errors?: FieldError[]) {
    super(message);
    this.name = 'MarketError';
  }
}

export const notFound = (what: string) => new MarketError('not-found', `${what} not found`);
export const conflict = (message: string) => new MarketError('conflict', message);
export const invalid = (message: string, errors?: FieldError[]) => new MarketError('invalid', message, errors);
export const forbidden = (message: string) => new MarketError('forbidden', message);
