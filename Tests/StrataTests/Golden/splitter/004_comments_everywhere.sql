-- 004: comments in every position a reviewer might put them.
/* a block comment before the first statement; with a semicolon */
-- and a line comment; also with one

CREATE TABLE analytics.sessions -- trailing line comment; ignored by the splitter
(
    /* leading column comment */ session_id UUID,
    user_id UInt64, -- who; "quoted" 'text' `ticks` in a comment
    started_at DateTime /* inline; comment */,
    /* nested /* block; */ comment still open here; */ ended_at Nullable(DateTime)
)
ENGINE = ReplacingMergeTree(started_at)
ORDER BY (user_id, session_id) -- the sort key
; -- the semicolon on its own line

// a C++-style comment, which ClickHouse also accepts; it hides this semicolon
-- a section made only of comments is not a statement:
/* ; */ ;

;;
ALTER TABLE analytics.sessions /* a comment between tokens */ MODIFY TTL started_at + INTERVAL 1 YEAR
-- a comment after the last token and before the semicolon
;
-- the end; nothing follows
/* really */
