-- 016: a heredoc whose closing tag is misspelled.
INSERT INTO analytics.templates VALUES ('ok', $$fine$$);
INSERT INTO analytics.templates VALUES ('bad', $body$Hello; world$bdoy$);
SELECT 1;
