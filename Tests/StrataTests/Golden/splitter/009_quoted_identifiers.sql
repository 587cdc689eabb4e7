-- 009: identifiers that need quoting.
CREATE TABLE "analytics"."odd;names"
(
    "semi;colon"       String,
    "double""quote"    String,
    "back\"slash"      String,
    `back``tick`       String,
    `dash--dash`       UInt8,
    `escaped\`tick;`   UInt8,
    `/*not a comment*/` UInt8,
    "it's"             String
)
ENGINE = MergeTree
ORDER BY tuple();

SELECT "semi;colon", `back``tick`, "it's" FROM "analytics"."odd;names" WHERE `dash--dash` = 1;
