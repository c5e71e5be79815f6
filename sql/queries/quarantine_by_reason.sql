-- Quarantined records per stage and reason code.
SELECT stage, reason, count(*) AS records
FROM quarantine
GROUP BY ALL
ORDER BY records DESC, stage, reason;
