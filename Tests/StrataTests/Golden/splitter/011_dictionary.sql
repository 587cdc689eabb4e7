-- 011: a dictionary whose source query contains semicolons and comments.
CREATE DICTIONARY IF NOT EXISTS analytics.tenant_dict
(
    tenant_id UInt32,
    name      String DEFAULT '(unknown)',
    plan      String
)
PRIMARY KEY tenant_id
SOURCE(CLICKHOUSE(
    QUERY 'SELECT tenant_id, name, plan FROM analytics.tenants WHERE status != \'deleted\' -- keep; the rest
           /* no trailing semicolon is allowed here; */'
    USER 'default' PASSWORD ''
))
LAYOUT(HASHED())
LIFETIME(MIN 300 MAX 600);

SYSTEM RELOAD DICTIONARY analytics.tenant_dict;
