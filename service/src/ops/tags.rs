//! TagResource and UntagResource (the tag rules they share with CreateSecret are in
//! [`crate::tag_rules`]).

use crate::change::Admits;
use crate::state::Emulator;
use crate::tag_rules::{check_not_system_key, merge_tags};
use generated::{TagResourceError, TagResourceRequest, UntagResourceError, UntagResourceRequest};
use runtime::RequestContext;

pub(crate) fn tag_resource(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: TagResourceRequest,
) -> Result<(), TagResourceError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let secret = &mut *change.secret;
        let tags = merge_tags(secret.tags.as_deref(), &input.tags)?;
        if secret.tags.as_ref() != Some(&tags) {
            secret.tags = Some(tags);
            secret.last_changed = change.now;
        }
        Ok(())
    })
}

pub(crate) fn untag_resource(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: UntagResourceRequest,
) -> Result<(), UntagResourceError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let secret = &mut *change.secret;
        for key in &input.tag_keys {
            check_not_system_key(key)?;
        }
        // Removing a key the secret does not have changes nothing, as AWS documents.
        let Some(tags) = secret.tags.as_mut() else {
            return Ok(());
        };
        let before = tags.len();
        tags.retain(|tag| {
            tag.key
                .as_ref()
                .is_none_or(|key| !input.tag_keys.contains(key))
        });
        if tags.len() != before {
            secret.last_changed = change.now;
        }
        Ok(())
    })
}
