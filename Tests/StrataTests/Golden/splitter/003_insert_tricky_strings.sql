-- 003: seed data whose strings are hard to split.
INSERT INTO analytics.event_types (code, label, description) VALUES
    ('signup', 'Sign-up', 'A user''s first visit; counts once'')'),
    ('quote', 'It\'s quoted', 'backslash-escaped \' and doubled '' quotes'),
    ('path', 'C:\\Program Files\\', 'ends with an escaped backslash\\'),
    ('dash', '-- not a comment', '/* nor this */ and not -- this either; really'),
    ('dollar', '$$ not a heredoc $$', 'price: $5; tax: $1'),
    ('utf8', 'Überweisung – 支付 🦆', 'naïve café; ∑ ≠ ∅'),
    ('tab', 'a	b	c', 'tabs	inside; and a newline
inside the string');

INSERT INTO analytics.event_types VALUES ('semi', ';', ';;'), ('empty', '', '''')
;
SELECT count() FROM analytics.event_types WHERE label LIKE '%\\%' OR label = 'x\\';
