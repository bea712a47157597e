-- An API token ends: a secret copied into an integration's settings outlives the people who knew
-- it, so a token that nobody renews stops by itself (issue #15). Each new token is given its end
-- when issued (at most a year). Tokens issued before this migration get 90 days from the upgrade,
-- time for the district to issue their replacements, rather than stopping the integrations at once.
alter table api_token add column expires_at timestamptz;
update api_token set expires_at = now() + interval '90 days';
alter table api_token alter column expires_at set not null;
