//! The fulfillment scope of a job type: what it delivers, and so which completion parameters
//! apply.

use serde::{Deserialize, Serialize};

/// What a job type delivers; decides which completion parameters apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FulfillmentScope {
    /// Anything not tied to a subscription.
    GenericPurpose,
    /// A new subscription; takes `performed_by_user_identifier` and `performed_on`.
    NewSubscription,
    /// Activates a subscription.
    ActivateSubscription,
    /// Deactivates a subscription.
    DeactivateSubscription,
    /// Cancels a subscription; takes `scheduled_date`.
    CancelSubscription,
    /// Adds services.
    AddSubscriptionServices,
    /// Cancels services; takes `scheduled_date`.
    CancelSubscriptionServices,
    /// Moves a subscription.
    ChangeSubscriptionLocation,
    /// Swaps installed items.
    SwapSubscriptionInstalledItems,
    /// Swaps services; takes `scheduled_date`.
    SwapSubscriptionServices,
    /// Replaces goods.
    ReplacePhysicalGoods,
    /// Maintenance (the reference's spelling); takes `scheduled_date`.
    #[serde(rename = "SUBSCRIPTION_MAINTAINANCE")]
    SubscriptionMaintainance,
    /// A scope this client does not know.
    #[serde(other)]
    Unknown,
}

impl FulfillmentScope {
    /// Every known scope.
    pub const ALL: [Self; 12] = [
        Self::GenericPurpose,
        Self::NewSubscription,
        Self::ActivateSubscription,
        Self::DeactivateSubscription,
        Self::CancelSubscription,
        Self::AddSubscriptionServices,
        Self::CancelSubscriptionServices,
        Self::ChangeSubscriptionLocation,
        Self::SwapSubscriptionInstalledItems,
        Self::SwapSubscriptionServices,
        Self::ReplacePhysicalGoods,
        Self::SubscriptionMaintainance,
    ];

    /// Whether `complete` accepts `performed_by_user_identifier` and `performed_on`.
    #[must_use]
    pub fn takes_performed_by(self) -> bool {
        self == Self::NewSubscription
    }

    /// Whether `complete` accepts `scheduled_date` (the four scopes that take it).
    #[must_use]
    pub fn takes_scheduled_date(self) -> bool {
        matches!(
            self,
            Self::CancelSubscription
                | Self::CancelSubscriptionServices
                | Self::SwapSubscriptionServices
                | Self::SubscriptionMaintainance
        )
    }

    /// The wire name.
    #[must_use]
    pub fn as_wire(self) -> &'static str {
        match self {
            Self::GenericPurpose => "GENERIC_PURPOSE",
            Self::NewSubscription => "NEW_SUBSCRIPTION",
            Self::ActivateSubscription => "ACTIVATE_SUBSCRIPTION",
            Self::DeactivateSubscription => "DEACTIVATE_SUBSCRIPTION",
            Self::CancelSubscription => "CANCEL_SUBSCRIPTION",
            Self::AddSubscriptionServices => "ADD_SUBSCRIPTION_SERVICES",
            Self::CancelSubscriptionServices => "CANCEL_SUBSCRIPTION_SERVICES",
            Self::ChangeSubscriptionLocation => "CHANGE_SUBSCRIPTION_LOCATION",
            Self::SwapSubscriptionInstalledItems => "SWAP_SUBSCRIPTION_INSTALLED_ITEMS",
            Self::SwapSubscriptionServices => "SWAP_SUBSCRIPTION_SERVICES",
            Self::ReplacePhysicalGoods => "REPLACE_PHYSICAL_GOODS",
            Self::SubscriptionMaintainance => "SUBSCRIPTION_MAINTAINANCE",
            Self::Unknown => "UNKNOWN",
        }
    }
}
