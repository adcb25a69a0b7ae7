import type { DeepDemocracyConfig, DeepDemocracyState } from '../../../../shared/activities/deepdemocracy/schema.ts';
import type { ActivityProps } from '../types.ts';

/** What each Deep Democracy view gets (the connection comes from context: `getConnection()`). */
export type DdProps = ActivityProps<DeepDemocracyConfig, DeepDemocracyState>;
/** A phone's step: the same, and whether input is closed (locked by the facilitator). */
export type PhoneStepProps = DdProps & { closed: boolean };
