//! Secret ARNs: `arn:aws:secretsmanager:{region}:{account}:secret:{name}-{6 random characters}`.

use rand::Rng;
use rand::distr::Alphanumeric;

const PREFIX: &str = "arn:aws:secretsmanager:";

pub fn secret_arn(region: &str, account_id: &str, name: &str) -> String {
    let suffix: String = rand::rng()
        .sample_iter(Alphanumeric)
        .take(6)
        .map(char::from)
        .collect();
    let mut arn = format!("{PREFIX}{region}:{account_id}:secret:{name}-{suffix}");
    // Kept for the secret's lifetime: no spare capacity.
    arn.shrink_to_fit();
    arn
}

/// The same secret's ARN in another region (replicas keep name and suffix).
pub fn in_region(arn: &str, region: &str) -> Option<String> {
    let parsed = SecretArn::parse(arn)?;
    Some(format!(
        "{PREFIX}{region}:{}:secret:{}",
        parsed.account_id, parsed.resource
    ))
}

/// The parts of a secret ARN that lookups need.
#[derive(Debug, PartialEq, Eq)]
pub struct SecretArn<'a> {
    pub region: &'a str,
    pub account_id: &'a str,
    /// `name-AbCdEf` for a full ARN, `name` for a partial one.
    pub resource: &'a str,
}

impl<'a> SecretArn<'a> {
    pub fn parse(arn: &'a str) -> Option<Self> {
        let rest = arn.strip_prefix(PREFIX)?;
        let (region, rest) = rest.split_once(':')?;
        let (account_id, rest) = rest.split_once(':')?;
        let resource = rest.strip_prefix("secret:")?;
        Some(Self {
            region,
            account_id,
            resource,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_carry_region_account_name_and_a_random_suffix() {
        let arn = secret_arn("eu-west-1", "123456789012", "db/password");
        let prefix = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db/password-";
        assert!(arn.starts_with(prefix));
        let suffix = &arn[prefix.len()..];
        assert_eq!(suffix.len(), 6);
        assert!(suffix.chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn parses_full_and_partial_arns() {
        let parsed =
            SecretArn::parse("arn:aws:secretsmanager:us-east-1:000000000000:secret:a-b-AbCdEf")
                .unwrap();
        assert_eq!(parsed.region, "us-east-1");
        assert_eq!(parsed.account_id, "000000000000");
        assert_eq!(parsed.resource, "a-b-AbCdEf");
        assert!(SecretArn::parse("arn:aws:s3:::bucket").is_none());
    }

    #[test]
    fn moves_an_arn_to_another_region() {
        let arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf";
        assert_eq!(
            in_region(arn, "eu-west-1").unwrap(),
            "arn:aws:secretsmanager:eu-west-1:000000000000:secret:x-AbCdEf"
        );
    }
}
