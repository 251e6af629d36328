-- Expired rate-limit windows are pruned by time; reset links are looked up
-- by their digest (already unique) and swept by user.
CREATE INDEX rate_limits_window_idx ON rate_limits (window_start);
