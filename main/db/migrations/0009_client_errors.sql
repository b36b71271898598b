-- Client errors (4xx: a request the service refused, the caller's to fix) are counted apart from
-- server errors (5xx: the service failed). From this migration on `errors` holds 5xx answers
-- only, which is what the error-rate alert and the error charts show; rows written before it
-- counted every non-2xx answer as an error and have no client_errors.
ALTER TABLE service_samples ADD COLUMN client_errors INTEGER;
ALTER TABLE service_minutes ADD COLUMN client_errors INTEGER;
