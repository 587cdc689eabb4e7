-- 005: heredocs hold text that would otherwise need escaping.
CREATE TABLE analytics.templates
(
    name String,
    body String
)
ENGINE = MergeTree
ORDER BY name;

INSERT INTO analytics.templates VALUES
    ('welcome', $$Hello {name}; it's great to see you -- really!$$),
    ('sql', $sql$SELECT 'a;b' FROM t; -- $$ is not the end here
/* nor is this */ SELECT 2;$sql$),
    ('nested', $outer$ contains $inner$ text; $inner$ and ends here $outer$);

SELECT $x$;$x$ AS semicolon, $$$$ AS empty_heredoc, price$usd$ AS word_with_dollars
FROM analytics.templates;
