# The second apply: every updatable argument of main.tf changed.
description     = "updated by Terraform"
tags            = { team = "green", owner = "ops" }
replica_regions = ["us-west-2", "eu-west-1"]
kms_key_id      = "alias/terraform"
recovery_window = 10
value           = "second value"
binary          = "BAUG/g=="
stage           = "GREEN"
rate            = "rate(10 days)"
cron            = "cron(0 8 ? * MON *)"
duration        = "1h"
policy_action   = "secretsmanager:DescribeSecret"
