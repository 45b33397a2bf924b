/** The attention list (domain/attention.ts): its read, and the decisions a person journals about it. */
export { attentionList, type AttentionSource } from './attention-list.ts';
export { readAttention } from './read.ts';
export { decide, AttentionError, type AttentionErrorCode, type DecisionInput } from './decide.ts';
export { AttentionFeed } from './feed.ts';
