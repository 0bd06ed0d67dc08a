/** A hotel department: whose queue a guest request lands in, and which staff roles work it. */
export type Department = 'housekeeping' | 'maintenance' | 'front_desk' | 'concierge' | 'spa';
