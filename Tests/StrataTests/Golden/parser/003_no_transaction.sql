-- description: Checkpoint after the bulk load
-- migrate:up transaction:false
CHECKPOINT;
-- migrate:down transaction:true
SELECT 1;
