import { BOARD_CHANNEL } from '@civicgraph/board/channel';
import { HOTLINE_CHANNEL } from '@civicgraph/hotline/channel';
import { SUPERVISION_CHANNEL } from '@civicgraph/supervision/channel';

/**
 * The channels a work order may answer. Their specs come from their own subgraphs' packages;
 * importing them registers their tables and access facts with the platform, where
 * requireAppealNumber and the work order's appeal references find them.
 */
export const APPEAL_CHANNELS = [BOARD_CHANNEL, HOTLINE_CHANNEL, SUPERVISION_CHANNEL].map((spec) => spec.channel);
