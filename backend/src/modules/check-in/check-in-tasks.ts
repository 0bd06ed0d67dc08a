/** Tells a guest checked in online that their room is ready (queued when a room is assigned, and when check-in completes). */
export const ROOM_READY_TASK = 'check_in_room_ready';
/** Empties what online check-in read from IDs once the property's retention period after check-out has passed. */
export const PURGE_CHECK_IN_DATA_TASK = 'purge_check_in_data';
