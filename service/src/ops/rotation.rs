//! RotateSecret and CancelRotateSecret. RotateSecret stores the rotation settings and (unless
//! told to wait) rotates at once: through the secret's rotation function with
//! `--lambda-endpoint`, by the emulator itself without it (see [`crate::rotation`]).

use crate::change::Admits;
use crate::rotation::function::{self, Started};
use crate::rotation::{RotationPlan, built_in, unfinished_rotation};
use crate::state::Emulator;
use generated::{
    CancelRotateSecretError, CancelRotateSecretRequest, CancelRotateSecretResponse,
    RotateSecretError, RotateSecretRequest, RotateSecretResponse,
};
use runtime::RequestContext;

pub(crate) async fn rotate_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: RotateSecretRequest,
) -> Result<RotateSecretResponse, RotateSecretError> {
    let Some(config) = &emulator.lambda else {
        return rotate_built_in(emulator, ctx, input);
    };
    let secret_id = input.secret_id.clone();
    let started = emulator.change_secret(ctx, &secret_id, Admits::LIVE_PRIMARY, |change| {
        function::start(change, input)
    })?;
    match started {
        // The function calls back into the emulator while it runs: no lock is held here.
        Started::Job(job) => job.run(emulator, config).await,
        Started::Repeated(response) => Ok(response),
    }
}

/// RotateSecret without a rotation function: the emulator makes the new value itself.
fn rotate_built_in(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: RotateSecretRequest,
) -> Result<RotateSecretResponse, RotateSecretError> {
    let secret_id = input.secret_id.clone();
    emulator.change_secret(ctx, &secret_id, Admits::LIVE_PRIMARY, |change| {
        let plan = RotationPlan::check(change.secret, &input, change.now)?;
        let version_id = built_in::rotate(plan, change.secret, input, change.now);
        Ok(RotateSecretResponse {
            arn: Some(change.secret.arn.clone()),
            name: Some(change.secret.name.clone()),
            version_id,
        })
    })
}

pub(crate) fn cancel_rotate_secret(
    emulator: &Emulator,
    ctx: &RequestContext,
    input: CancelRotateSecretRequest,
) -> Result<CancelRotateSecretResponse, CancelRotateSecretError> {
    emulator.change_secret(ctx, &input.secret_id, Admits::LIVE_PRIMARY, |change| {
        let secret = &mut *change.secret;
        // The schedule and the rotation function stay, for DescribeSecret to show and a later
        // RotateSecret to reuse; the dates go, as AWS shows none while rotation is off. An
        // unfinished rotation's AWSPENDING version stays for the caller to clean up, as AWS says.
        let rotation = &mut secret.rotation;
        rotation.enabled = Some(false);
        rotation.next_rotation = None;
        rotation.last_rotated = None;
        Ok(CancelRotateSecretResponse {
            arn: Some(secret.arn.clone()),
            name: Some(secret.name.clone()),
            version_id: unfinished_rotation(secret).map(str::to_owned),
        })
    })
}
