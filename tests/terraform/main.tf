# Every Secrets Manager resource and data source of the AWS provider, against the emulator.
# tests/tests/terraform.rs applies this twice (the second time with the `update` variables
# changed), checks that each apply leaves an empty plan, destroys it and applies it again.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  description = "The emulator's URL"
  type        = string
}

variable "prefix" {
  description = "Start of every secret name"
  type        = string
  default     = "tf"
}

variable "description" {
  type    = string
  default = "created by Terraform"
}

variable "tags" {
  type    = map(string)
  default = { team = "blue", managed = "terraform" }
}

variable "replica_regions" {
  type    = list(string)
  default = ["us-west-2"]
}

variable "kms_key_id" {
  description = "KMS key of the main secret; null for the default key"
  type        = string
  default     = null
}

variable "recovery_window" {
  type    = number
  default = 7
}

variable "value" {
  type    = string
  default = "first value"
}

variable "binary" {
  description = "Bytes of the binary version, as base64"
  type        = string
  default     = "AAEC/w=="
}

variable "stage" {
  description = "Custom staging label of the binary version"
  type        = string
  default     = "BLUE"
}

variable "rate" {
  type    = string
  default = "rate(4 hours)"
}

variable "cron" {
  type    = string
  default = "cron(0 16 1,15 * ? *)"
}

variable "duration" {
  type    = string
  default = "3h"
}

variable "policy_action" {
  type    = string
  default = "secretsmanager:GetSecretValue"
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  endpoints {
    secretsmanager = var.endpoint
  }
}

# A secret with tags, replicas in other regions and a recovery window, and its string value.
resource "aws_secretsmanager_secret" "main" {
  name                    = "${var.prefix}/main"
  description             = var.description
  kms_key_id              = var.kms_key_id
  recovery_window_in_days = var.recovery_window
  tags                    = var.tags

  dynamic "replica" {
    for_each = var.replica_regions
    content {
      region = replica.value
    }
  }
}

resource "aws_secretsmanager_secret_version" "main" {
  secret_id     = aws_secretsmanager_secret.main.id
  secret_string = var.value
}

# A secret with a binary value as current version and a string value under a custom label.
resource "aws_secretsmanager_secret" "binary" {
  name                    = "${var.prefix}/binary"
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "binary" {
  secret_id     = aws_secretsmanager_secret.binary.id
  secret_binary = var.binary
}

resource "aws_secretsmanager_secret_version" "staged" {
  secret_id      = aws_secretsmanager_secret.binary.id
  secret_string  = jsonencode({ stage = var.stage })
  version_stages = [var.stage]

  depends_on = [aws_secretsmanager_secret_version.binary]
}

resource "aws_secretsmanager_secret_policy" "main" {
  secret_arn = aws_secretsmanager_secret.main.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ReadFromTheAccount"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::000000000000:root" }
      Action    = var.policy_action
      Resource  = "*"
    }]
  })
}

# Two rotated secrets: a rate schedule with a window, and a cron schedule with a function ARN.
resource "aws_secretsmanager_secret" "rate" {
  name                    = "${var.prefix}/rotated-by-rate"
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "rate" {
  secret_id     = aws_secretsmanager_secret.rate.id
  secret_string = jsonencode({ username = "app", password = "initial" })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret_rotation" "rate" {
  secret_id = aws_secretsmanager_secret_version.rate.secret_id

  rotation_rules {
    schedule_expression = var.rate
    duration            = var.duration
  }
}

resource "aws_secretsmanager_secret" "cron" {
  name                    = "${var.prefix}/rotated-by-cron"
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "cron" {
  secret_id     = aws_secretsmanager_secret.cron.id
  secret_string = "initial"

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret_rotation" "cron" {
  secret_id           = aws_secretsmanager_secret_version.cron.secret_id
  rotation_lambda_arn = "arn:aws:lambda:us-east-1:000000000000:function:rotate"

  rotation_rules {
    schedule_expression = var.cron
  }
}

data "aws_secretsmanager_secret" "main" {
  arn = aws_secretsmanager_secret.main.arn
}

data "aws_secretsmanager_secret_version" "staged" {
  secret_id     = aws_secretsmanager_secret_version.staged.secret_id
  version_stage = var.stage
}

data "aws_secretsmanager_secret_version" "binary" {
  secret_id  = aws_secretsmanager_secret_version.binary.secret_id
  version_id = aws_secretsmanager_secret_version.binary.version_id
}

data "aws_secretsmanager_secrets" "all" {
  filter {
    name   = "name"
    values = ["${var.prefix}/"]
  }

  depends_on = [
    aws_secretsmanager_secret.main,
    aws_secretsmanager_secret.binary,
    aws_secretsmanager_secret.rate,
    aws_secretsmanager_secret.cron,
  ]
}

data "aws_secretsmanager_random_password" "password" {
  password_length     = 40
  exclude_punctuation = true
}

output "main_arn" {
  value = aws_secretsmanager_secret.main.arn
}

output "main_description" {
  value = data.aws_secretsmanager_secret.main.description
}

output "main_tags" {
  value = data.aws_secretsmanager_secret.main.tags
}

output "staged_value" {
  sensitive = true
  value     = jsondecode(data.aws_secretsmanager_secret_version.staged.secret_string).stage
}

output "binary_stages" {
  value = data.aws_secretsmanager_secret_version.binary.version_stages
}

output "secret_names" {
  value = sort(data.aws_secretsmanager_secrets.all.names)
}

output "password_length" {
  value = length(data.aws_secretsmanager_random_password.password.random_password)
}
