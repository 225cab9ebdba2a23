/**
 * Schedules: the last tick each schedule handled, so catch-up after a restart knows where to
 * resume. Numbered 5 beside the flow-control limits' 4; renumber on merge if needed.
 */
export const migration000005 = `
CREATE TABLE {{schema}}.schedule_ticks (
  name text NOT NULL,
  schedule_key text NOT NULL,
  tick bigint NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (name, schedule_key)
);
`;
