using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Storage.Tests;

/// <summary>Deployments and changes to store.</summary>
internal static class TestDeployments
{
    public static Deployment New(string id, string function = "lambda_router", string environment = "prod",
        DeploymentState state = DeploymentState.Shifting, DateTimeOffset? createdAt = null)
    {
        var at = createdAt ?? TestDatabase.Start;
        return new Deployment
        {
            Id = id,
            Target = new FunctionTarget { Environment = environment, Function = function, Alias = "live" },
            StableVersion = "4",
            TargetVersion = "5",
            Plan = DeploymentPlan.BuiltIn[DeploymentPlan.Canary],
            Thresholds = new HealthThresholds(),
            Gates = new GateSettings(),
            RequestedBy = "slack:U0ALICE",
            State = state,
            CreatedAt = at,
            UpdatedAt = at,
            StateSince = at,
        };
    }

    /// <summary>Every settable property, nested ones included, holds a value other than its default.</summary>
    public static Deployment FullyPopulated()
    {
        var plus2 = TimeSpan.FromHours(2);
        var created = new DateTimeOffset(2025, 3, 14, 11, 30, 0, 123, plus2);
        return new Deployment
        {
            Id = "dep-full",
            Kind = DeploymentKind.Rollback,
            Target = new FunctionTarget
            {
                Environment = "prod",
                Function = "lambda_router",
                Alias = "live",
                Region = "eu-west-2",
                RoleArn = "arn:aws:iam::123456789012:role/opsbot",
                CodeDeployApplication = "ons-data-platform-lambda-app",
                CodeDeployGroup = "lambda_router-deployment-group",
            },
            StableVersion = "4",
            TargetVersion = "5",
            Engine = DeploymentEngine.CodeDeploy,
            Plan = new DeploymentPlan("custom", [new PlanStep(10, TimeSpan.FromMinutes(5), Gate: true), new PlanStep(100, TimeSpan.FromSeconds(90.5), Gate: true)]),
            Thresholds = new HealthThresholds { ErrorRatePercent = 2.5, AverageDurationMs = 1234.5, ConsecutivePeriods = 3, MinInvocations = 50, MinJudgedPeriods = 2 },
            Gates = new GateSettings
            {
                StartApproval = true,
                PromotionApproval = true,
                FourEyes = true,
                RequiredApprovers = 2,
                ApprovalTimeout = TimeSpan.FromHours(3),
                PromotionTimeout = TimeSpan.FromDays(1.5),
            },
            Alarms = ["lambda_router-error-rate", "lambda_router-duration"],
            Probes = ["influxdb"],
            RequestedBy = "slack:U0ALICE",
            Channel = "C0DEPLOYS",
            ChatPlatform = "slack",
            GateSkipReason = "hotfix → prod, \"quoted\"",
            RequestReason = "INC-42 \u2192 \"why\"",
            EnableFlags = ["enable_new_api_endpoint", "enable_enhanced_processing"],
            State = DeploymentState.AwaitingPromotion,
            StateVersion = 4,
            StepIndex = 1,
            Weight = 10,
            AliasRevision = "rev-42",
            ExternalId = "d-ABCDEF123",
            ExternalStopRequested = true,
            CreatedAt = created,
            UpdatedAt = created.AddMinutes(6),
            StateSince = created.AddMinutes(5),
            BakeStartedAt = created.AddSeconds(1.5),
            PausedAt = created.AddMinutes(2),
            PauseReason = "checking dashboards",
            CompletedAt = created.AddMinutes(7),
            Reason = "error rate 7.5% > 5%",
            Approvals = [new Approval("slack:U0BOB", "promotion", created.AddMinutes(5)), new Approval("teams:aad-1", "start", created.AddTicks(1))],
            RollbackVersion = "3",
            FreezeHold = new FreezeHold("slack:U0ERIN", "end-of-year freeze", created.AddMinutes(3)),
            EvidenceShortfall = "not enough traffic to judge (3 of 50 invocations)",
            ExceededLimits = ["--canary-percentage 50 is above prod's limit of 25% for the first step"],
            RollbackAttempts = 2,
            LastError = "ResourceConflictException",
            LastPagedAt = created.AddMinutes(4),
            Health = new HealthTracking
            {
                ErrorRateBreaches = 1,
                ProbeFailures = 2,
                ProviderErrors = 3,
                JudgedUntil = created.AddMinutes(5),
                JudgedPeriods = 4,
                MostInvocations = 17,
                CheckBreaches = new Dictionary<string, int> { ["dlq"] = 1 },
                CheckBaselines = new Dictionary<string, double> { ["dlq"] = 3 },
                Last = new HealthReport(created.AddMinutes(5), HealthVerdict.Breach, "error rate over threshold",
                [
                    new HealthCheck("error-rate", CheckStatus.Fail, "7.5%", "5%", "error rate 7.5% > 5%"),
                    new HealthCheck("influxdb", CheckStatus.NoData, "n/a", "reachable", "no data"),
                ]),
            },
        };
    }

    /// <summary>A transition event, a sample, a card and a timeline notice, and an audit entry.</summary>
    public static DeploymentChanges Changes(Deployment d, string message = "started", DateTimeOffset? at = null)
    {
        var when = at ?? TestDatabase.Start;
        var changes = new DeploymentChanges();
        changes.Events.Add(new DeploymentEvent(d.Id, when, "slack:U0ALICE", EventKinds.Transition,
            DeploymentState.Pending, DeploymentState.Shifting, message, new Dictionary<string, string> { ["weight"] = "10" }));
        changes.Notices.Add(new Notice(NoticeKind.Card, message));
        changes.Notices.Add(new Notice(NoticeKind.Timeline, $"alice: {message}"));
        changes.Audit.Add(new AuditEntry(when, "slack:U0ALICE", "deploy", d.Target.Environment, d.Id, "C0DEPLOYS",
            AuditOutcome.Succeeded, message));
        return changes;
    }
}
