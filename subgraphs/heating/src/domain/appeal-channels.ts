import { BOARD_CHANNEL } from '@civicgraph/board/channel';
import { HOTLINE_CHANNEL } from '@civicgraph/hotline/channel';
import { SUPERVISION_CHANNEL } from '@civicgraph/supervision/channel';

/**
 * The channels a heating order may answer. Their specs come from their own subgraphs' packages;
 * importing them registers their tables with the platform, where requireAppealNumber finds them.
 */
export const APPEAL_CHANNELS = [BOARD_CHANNEL, HOTLINE_CHANNEL, SUPERVISION_CHANNEL].map((spec) => spec.channel);
