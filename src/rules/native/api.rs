//! Entry points in front of AI: API Gateway REST APIs (stages, methods), HTTP and WebSocket
//! APIs (stages, routes, quick-create targets) and Lambda function URLs. It decides which of
//! them reach SageMaker runtime or Bedrock, directly through an AWS service integration or
//! through a Lambda function whose role may invoke them, and whether a stage throttles its
//! callers. What a role may invoke is the parent module's business (`lambda_ai_services`).

use super::{found, lambda_ai_services, literal_text, vocab, Vocab};
use crate::model::{lookup, refers_to, Format, Resource, ResourceSet, Value};
use crate::rules::cond::{Outcome, Subject, Tri};

/// Names of the API resources and their attributes, per input format. Kept apart from the
/// parent's `Vocab` because only the API checks read them.
struct ApiVocab {
    rest_stage: &'static str,
    /// A CloudFormation deployment that creates its stage (`StageName`, `StageDescription`).
    rest_deployment: Option<&'static str>,
    /// The key naming the REST API on stages, methods, integrations and method settings.
    rest_api_key: &'static str,
    stage_name: &'static str,
    method: &'static str,
    method_resource: &'static str,
    method_http: &'static str,
    /// Terraform: integrations are resources of their own (type, URI key); CloudFormation
    /// keeps the integration inside the method.
    integration_resource: Option<(&'static str, &'static str)>,
    method_integration_uri: Option<&'static str>,
    /// Where a REST stage (or a deployment's stage) sets throttling: paths from the stage,
    /// and Terraform's separate method settings resource (type, stage key, paths).
    stage_throttle_paths: &'static [&'static str],
    method_settings: Option<(&'static str, &'static str, &'static [&'static str])>,
    usage_plan: UsagePlanVocab,
    http_api: &'static str,
    http_protocol: &'static str,
    http_target: &'static str,
    http_route: &'static str,
    http_api_key: &'static str,
    route_key: &'static str,
    route_target: &'static str,
    http_integration: (&'static str, &'static str),
    http_stage: &'static str,
    http_stage_throttle_paths: &'static [&'static str],
    /// (type, key naming the function) of a Lambda function URL.
    function_url: (&'static str, &'static str),
    lambda_function_name: &'static str,
    /// A SAM function with its own URL (`FunctionUrlConfig`).
    sam_function: Option<&'static str>,
}

struct UsagePlanVocab {
    plan: &'static str,
    stages: &'static str,
    api: &'static str,
    stage: &'static str,
    /// Paths under the plan, and under each of its API stages, that set a limit.
    plan_limits: &'static [&'static str],
    stage_limits: &'static [&'static str],
}

const TERRAFORM_API: ApiVocab = ApiVocab {
    rest_stage: "aws_api_gateway_stage",
    rest_deployment: None,
    rest_api_key: "rest_api_id",
    stage_name: "stage_name",
    method: "aws_api_gateway_method",
    method_resource: "resource_id",
    method_http: "http_method",
    integration_resource: Some(("aws_api_gateway_integration", "uri")),
    method_integration_uri: None,
    stage_throttle_paths: &[],
    method_settings: Some((
        "aws_api_gateway_method_settings",
        "stage_name",
        &[
            "settings.throttling_burst_limit",
            "settings.throttling_rate_limit",
        ],
    )),
    usage_plan: UsagePlanVocab {
        plan: "aws_api_gateway_usage_plan",
        stages: "api_stages",
        api: "api_id",
        stage: "stage",
        plan_limits: &[
            "throttle_settings.burst_limit",
            "throttle_settings.rate_limit",
            "quota_settings.limit",
        ],
        stage_limits: &["throttle.burst_limit", "throttle.rate_limit"],
    },
    http_api: "aws_apigatewayv2_api",
    http_protocol: "protocol_type",
    http_target: "target",
    http_route: "aws_apigatewayv2_route",
    http_api_key: "api_id",
    route_key: "route_key",
    route_target: "target",
    http_integration: ("aws_apigatewayv2_integration", "integration_uri"),
    http_stage: "aws_apigatewayv2_stage",
    http_stage_throttle_paths: &[
        "default_route_settings.throttling_burst_limit",
        "default_route_settings.throttling_rate_limit",
        "route_settings.throttling_burst_limit",
        "route_settings.throttling_rate_limit",
    ],
    function_url: ("aws_lambda_function_url", "function_name"),
    lambda_function_name: "function_name",
    sam_function: None,
};

const CLOUDFORMATION_API: ApiVocab = ApiVocab {
    rest_stage: "AWS::ApiGateway::Stage",
    rest_deployment: Some("AWS::ApiGateway::Deployment"),
    rest_api_key: "RestApiId",
    stage_name: "StageName",
    method: "AWS::ApiGateway::Method",
    method_resource: "ResourceId",
    method_http: "HttpMethod",
    integration_resource: None,
    method_integration_uri: Some("Integration.Uri"),
    stage_throttle_paths: &[
        "MethodSettings.ThrottlingBurstLimit",
        "MethodSettings.ThrottlingRateLimit",
        // A deployment that creates its stage describes it here.
        "StageDescription.ThrottlingBurstLimit",
        "StageDescription.ThrottlingRateLimit",
        "StageDescription.MethodSettings.ThrottlingBurstLimit",
        "StageDescription.MethodSettings.ThrottlingRateLimit",
    ],
    method_settings: None,
    usage_plan: UsagePlanVocab {
        plan: "AWS::ApiGateway::UsagePlan",
        stages: "ApiStages",
        api: "ApiId",
        stage: "Stage",
        plan_limits: &["Throttle.BurstLimit", "Throttle.RateLimit", "Quota.Limit"],
        stage_limits: &["Throttle.*.BurstLimit", "Throttle.*.RateLimit"],
    },
    http_api: "AWS::ApiGatewayV2::Api",
    http_protocol: "ProtocolType",
    http_target: "Target",
    http_route: "AWS::ApiGatewayV2::Route",
    http_api_key: "ApiId",
    route_key: "RouteKey",
    route_target: "Target",
    http_integration: ("AWS::ApiGatewayV2::Integration", "IntegrationUri"),
    http_stage: "AWS::ApiGatewayV2::Stage",
    http_stage_throttle_paths: &[
        "DefaultRouteSettings.ThrottlingBurstLimit",
        "DefaultRouteSettings.ThrottlingRateLimit",
        "RouteSettings.*.ThrottlingBurstLimit",
        "RouteSettings.*.ThrottlingRateLimit",
    ],
    function_url: ("AWS::Lambda::Url", "TargetFunctionArn"),
    lambda_function_name: "FunctionName",
    sam_function: Some("AWS::Serverless::Function"),
};

fn api_vocab(format: Format) -> Option<(&'static Vocab, &'static ApiVocab)> {
    let api = match format {
        Format::Terraform => &TERRAFORM_API,
        Format::CloudFormation => &CLOUDFORMATION_API,
        _ => return None,
    };
    vocab(format).map(|v| (v, api))
}

/// Which AI service an API Gateway integration URI calls directly.
fn uri_service(uri: &str) -> Option<&'static str> {
    if uri.contains(":runtime.sagemaker:") || uri.contains("runtime.sagemaker.") {
        Some("SageMaker runtime")
    } else if uri.contains(":bedrock-runtime:")
        || uri.contains(":bedrock-agent-runtime:")
        || uri.contains("bedrock-runtime.")
    {
        Some("Bedrock runtime")
    } else {
        None
    }
}

fn strings_in<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::List(items) => items.iter().for_each(|n| strings_in(&n.value, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, n)| strings_in(&n.value, out)),
        _ => {}
    }
}

/// Where an integration URI (or a function reference) leads: true with a verb phrase
/// ("sends requests to Bedrock runtime", "calls F, whose role may invoke bedrock") when it
/// reaches AI, unknown when a reference or a piece of it cannot be followed.
fn uri_reach(uri: &Value, set: &ResourceSet, v: &Vocab) -> Outcome {
    if let Some(svc) = literal_text(uri).and_then(|t| uri_service(&t)) {
        return found(format!("sends requests to {svc}"), None);
    }
    // A Lambda integration: `invoke_arn` in Terraform, `${Function.Arn}` in a
    // CloudFormation `Fn::Sub`.
    let mut refs = Vec::new();
    uri.references(&mut refs);
    // Unknown pieces (a region, an account) do not matter once the URI is known to invoke a
    // function in this module and that function's role is read.
    let mut followed = false;
    let mut unknown = false;
    for r in refs {
        let Some(function) = set.get(&r.address) else {
            continue;
        };
        if !v.lambda_types.contains(&function.resource_type.as_str()) {
            continue;
        }
        followed = true;
        match function_reach(function, set) {
            o if o.truth == Tri::True => {
                return found(
                    format!(
                        "calls {}, whose role may invoke {}",
                        function.address, o.evidence.detail
                    ),
                    None,
                )
            }
            o => unknown |= o.truth == Tri::Unknown,
        }
    }
    if unknown || (uri.has_unknown() && !followed) {
        Outcome::unknown("an integration target could not be followed")
    } else {
        Outcome::new(Tri::False)
    }
}

/// What a Lambda function's role may invoke: true with the services ("bedrock", "sagemaker
/// and bedrock") as detail, unknown when a policy of the role cannot be read.
fn function_reach(function: &Resource, set: &ResourceSet) -> Outcome {
    let (services, maybe) = lambda_ai_services(function, set);
    if !services.is_empty() {
        let list: Vec<_> = services.iter().copied().collect();
        return found(list.join(" and "), None);
    }
    if maybe {
        Outcome::unknown(format!(
            "what {}'s role may invoke is not known",
            function.address
        ))
    } else {
        Outcome::new(Tri::False)
    }
}

/// The resource a key of `r` refers to, or why it cannot be found.
fn referenced<'a>(r: &Resource, key: &str, set: &'a ResourceSet) -> Result<&'a Resource, Outcome> {
    match r.attr(key).map(|n| &n.value) {
        Some(Value::Ref(x)) => set
            .get(&x.address)
            .ok_or_else(|| Outcome::unknown(format!("{} is not in this module", x.address))),
        _ => Err(Outcome::unknown(format!("{key} is not known"))),
    }
}

/// Whether a REST API is private (reachable only through interface VPC endpoints).
fn rest_api_private(api: &Resource, v: &Vocab) -> Tri {
    let types = lookup(&api.attributes, v.api_endpoint_types);
    if types
        .nodes
        .iter()
        .any(|n| n.value.as_str() == Some("PRIVATE"))
    {
        return Tri::True;
    }
    // An endpoint type we cannot read might be PRIVATE: not decidable.
    if types.unknown || types.nodes.iter().any(|n| n.value.has_unknown()) {
        return Tri::Unknown;
    }
    Tri::False
}

/// Whether any integration of a REST API reaches AI (OpenAPI body or integrations).
fn rest_api_reach(api: &Resource, set: &ResourceSet, v: &Vocab) -> Outcome {
    // An OpenAPI body may declare the integrations inline.
    if let Some(body) = api.attr(v.api_body) {
        let mut texts = Vec::new();
        strings_in(&body.value, &mut texts);
        if let Some(svc) = texts.iter().find_map(|t| uri_service(t)) {
            return found(
                format!("{} integrates with {svc} in its OpenAPI body", api.address),
                None,
            );
        }
    }
    let (itype, ikey, ipath) = v.integration;
    let mut unknown = false;
    for (integration, key) in set.referrers(&api.address) {
        if integration.resource_type != itype || key != ikey {
            continue;
        }
        for uri in lookup(&integration.attributes, ipath).nodes {
            let o = uri_reach(&uri.value, set, v);
            match o.truth {
                Tri::True => {
                    return found(
                        format!("{} {}", integration.address, o.evidence.detail),
                        None,
                    )
                }
                Tri::Unknown => unknown = true,
                Tri::False => {}
            }
        }
    }
    if unknown {
        Outcome::unknown("an integration of the API could not be followed")
    } else {
        Outcome::new(Tri::False)
    }
}

/// AIP-API-001 (part): an API Gateway stage whose REST API reaches SageMaker or Bedrock,
/// directly or through a Lambda whose role may invoke them, and is not private.
pub(super) fn api_stage_fronts_ai(s: &Subject) -> Outcome {
    let Some(v) = vocab(s.resource.format) else {
        return Outcome::unknown("this input format has no API Gateway stages");
    };
    let api_address = match s.resource.attr(v.stage_api).map(|n| &n.value) {
        Some(Value::Ref(r)) => r.address.clone(),
        _ => return Outcome::unknown(format!("{} is not known", v.stage_api)),
    };
    let Some(api) = s.set.get(&api_address) else {
        return Outcome::unknown("the REST API is not in this module");
    };
    match rest_api_private(api, v) {
        Tri::True => Outcome::new(Tri::False),
        Tri::Unknown => Outcome::unknown("the API's endpoint type is not known"),
        Tri::False => rest_api_reach(api, s.set, v),
    }
}

/// Two values name the same thing: the same reference, or the same text.
fn same(a: &Value, b: &Value) -> Tri {
    match (a, b) {
        (Value::Ref(x), Value::Ref(y)) => {
            if x.address == y.address && x.attribute == y.attribute {
                Tri::True
            } else {
                Tri::False
            }
        }
        (Value::String(x), Value::String(y)) => {
            if x == y {
                Tri::True
            } else {
                Tri::False
            }
        }
        _ if a.has_unknown() || b.has_unknown() => Tri::Unknown,
        _ => Tri::False,
    }
}

/// A REST method's own integration reaches AI (and its API is not private).
fn rest_method_reach(method: &Resource, set: &ResourceSet, v: &Vocab, a: &ApiVocab) -> Outcome {
    let api = match referenced(method, a.rest_api_key, set) {
        Ok(api) => api,
        Err(o) => return o,
    };
    match rest_api_private(api, v) {
        Tri::True => return Outcome::new(Tri::False),
        Tri::Unknown => return Outcome::unknown("the API's endpoint type is not known"),
        Tri::False => {}
    }
    let mut unknown = false;
    let mut verdict = |o: Outcome, subject: &str| -> Option<Outcome> {
        match o.truth {
            Tri::True => Some(found(format!("{subject} {}", o.evidence.detail), None)),
            Tri::Unknown => {
                unknown = true;
                None
            }
            Tri::False => None,
        }
    };
    if let Some(path) = a.method_integration_uri {
        for uri in lookup(&method.attributes, path).nodes {
            if let Some(o) = verdict(uri_reach(&uri.value, set, v), "its integration") {
                return o;
            }
        }
    }
    if let Some((itype, ipath)) = a.integration_resource {
        let attr =
            |r: &Resource, k: &str| r.attr(k).map(|n| n.value.clone()).unwrap_or(Value::Null);
        for integration in set.of_type(itype) {
            // The integration belongs to this method when it refers to it, or names the
            // same API, resource and HTTP method.
            let mut refs = Vec::new();
            integration.attributes.references(&mut refs);
            let by_ref = refs.iter().any(|r| refers_to(&r.address, &method.address));
            let belongs = if by_ref {
                Tri::True
            } else {
                let parts = [
                    same(
                        &attr(integration, a.rest_api_key),
                        &attr(method, a.rest_api_key),
                    ),
                    same(
                        &attr(integration, a.method_resource),
                        &attr(method, a.method_resource),
                    ),
                    same(
                        &attr(integration, a.method_http),
                        &attr(method, a.method_http),
                    ),
                ];
                if parts.contains(&Tri::False) {
                    Tri::False
                } else if parts.contains(&Tri::Unknown) {
                    Tri::Unknown
                } else {
                    Tri::True
                }
            };
            if belongs == Tri::False {
                continue;
            }
            for uri in lookup(&integration.attributes, ipath).nodes {
                let o = uri_reach(&uri.value, set, v);
                let o = match (belongs, o.truth) {
                    (Tri::Unknown, Tri::True) => Outcome::unknown(format!(
                        "whether {} belongs to this method is not known",
                        integration.address
                    )),
                    _ => o,
                };
                if let Some(o) = verdict(o, &integration.address) {
                    return o;
                }
            }
        }
    }
    if unknown {
        Outcome::unknown("the method's integration could not be followed")
    } else {
        Outcome::new(Tri::False)
    }
}

/// Whether any integration of an HTTP or WebSocket API (or its quick-create target) reaches AI.
fn http_api_reach(api: &Resource, set: &ResourceSet, v: &Vocab, a: &ApiVocab) -> Outcome {
    let mut unknown = false;
    if let Some(target) = api.attr(a.http_target) {
        let o = uri_reach(&target.value, set, v);
        match o.truth {
            Tri::True => {
                return found(
                    format!("its quick-create target {}", o.evidence.detail),
                    None,
                )
            }
            Tri::Unknown => unknown = true,
            Tri::False => {}
        }
    }
    let (itype, ipath) = a.http_integration;
    for (integration, key) in set.referrers(&api.address) {
        if integration.resource_type != itype || key != a.http_api_key {
            continue;
        }
        for uri in lookup(&integration.attributes, ipath).nodes {
            let o = uri_reach(&uri.value, set, v);
            match o.truth {
                Tri::True => {
                    return found(
                        format!("{} {}", integration.address, o.evidence.detail),
                        None,
                    )
                }
                Tri::Unknown => unknown = true,
                Tri::False => {}
            }
        }
    }
    if unknown {
        Outcome::unknown("an integration of the API could not be followed")
    } else {
        Outcome::new(Tri::False)
    }
}

/// An HTTP API route whose target integration reaches AI. On a WebSocket API only the
/// `$connect` route can authorize, so it stands for every route of the API.
fn http_route_reach(route: &Resource, set: &ResourceSet, v: &Vocab, a: &ApiVocab) -> Outcome {
    let api = match referenced(route, a.http_api_key, set) {
        Ok(api) => api,
        Err(o) => return o,
    };
    let protocol = api.attr(a.http_protocol).map(|n| &n.value);
    if protocol.and_then(Value::as_str) == Some("WEBSOCKET") {
        return match route.attr(a.route_key).map(|n| &n.value) {
            Some(Value::String(k)) if k == "$connect" => http_api_reach(api, set, v, a),
            Some(Value::String(_)) => Outcome::new(Tri::False),
            _ => Outcome::unknown(format!("{} is not known", a.route_key)),
        };
    }
    let Some(target) = route.attr(a.route_target) else {
        return Outcome::new(Tri::False);
    };
    let mut refs = Vec::new();
    target.value.references(&mut refs);
    let mut unknown = target.value.has_unknown();
    let (itype, ipath) = a.http_integration;
    for r in refs {
        let Some(integration) = set.get(&r.address) else {
            unknown = true;
            continue;
        };
        if integration.resource_type != itype {
            continue;
        }
        for uri in lookup(&integration.attributes, ipath).nodes {
            let o = uri_reach(&uri.value, set, v);
            match o.truth {
                Tri::True => {
                    return found(
                        format!("{} {}", integration.address, o.evidence.detail),
                        None,
                    )
                }
                Tri::Unknown => unknown = true,
                Tri::False => {}
            }
        }
    }
    if unknown {
        Outcome::unknown("the route's target could not be followed")
    } else {
        Outcome::new(Tri::False)
    }
}

/// A Lambda function URL whose function's role may invoke AI.
fn function_url_reach(url: &Resource, set: &ResourceSet, v: &Vocab, a: &ApiVocab) -> Outcome {
    let Some(target) = url.attr(a.function_url.1) else {
        return Outcome::unknown(format!("{} is not set", a.function_url.1));
    };
    let mut functions: Vec<&Resource> = Vec::new();
    let mut refs = Vec::new();
    target.value.references(&mut refs);
    functions.extend(refs.iter().filter_map(|r| set.get(&r.address)));
    // A function named by its literal name, defined in the same module.
    if let Value::String(name) = &target.value {
        functions.extend(set.resources.iter().filter(|f| {
            v.lambda_types.contains(&f.resource_type.as_str())
                && f.attr(a.lambda_function_name)
                    .and_then(|n| n.value.as_str())
                    .is_some_and(|n| n == name)
        }));
    }
    let mut unknown = functions
        .is_empty()
        .then(|| Outcome::unknown("the URL's function is not in this module"));
    for function in functions {
        if !v.lambda_types.contains(&function.resource_type.as_str()) {
            continue;
        }
        let o = function_reach(function, set);
        match o.truth {
            Tri::True => {
                return found(
                    format!(
                        "it invokes {}, whose role may invoke {}",
                        function.address, o.evidence.detail
                    ),
                    None,
                )
            }
            Tri::Unknown => unknown = unknown.or(Some(o)),
            Tri::False => {}
        }
    }
    unknown.unwrap_or_else(|| Outcome::new(Tri::False))
}

/// AIP-API-002, AIP-API-003, AIP-CRED-004: the entry point reaches SageMaker runtime or
/// Bedrock. REST stages and methods of private APIs do not count; HTTP APIs count through
/// any integration (a stage), their route's integration (a route) or their quick-create
/// target (the API itself); a function URL or SAM function through the function's role.
pub(super) fn entry_point_fronts_ai(s: &Subject) -> Outcome {
    let Some((v, a)) = api_vocab(s.resource.format) else {
        return Outcome::unknown("this input format has no API entry points");
    };
    let r = s.resource;
    let t = r.resource_type.as_str();
    if t == a.rest_stage || Some(t) == a.rest_deployment {
        api_stage_fronts_ai(s)
    } else if t == a.method {
        rest_method_reach(r, s.set, v, a)
    } else if t == a.http_stage {
        match referenced(r, a.http_api_key, s.set) {
            Ok(api) => http_api_reach(api, s.set, v, a),
            Err(o) => o,
        }
    } else if t == a.http_route {
        http_route_reach(r, s.set, v, a)
    } else if t == a.http_api {
        // The API itself stands for the route and stage a quick-create target makes.
        let Some(target) = r.attr(a.http_target) else {
            return Outcome::new(Tri::False);
        };
        let o = uri_reach(&target.value, s.set, v);
        match o.truth {
            Tri::True => found(format!("the target {}", o.evidence.detail), None),
            _ => o,
        }
    } else if t == a.function_url.0 {
        function_url_reach(r, s.set, v, a)
    } else if Some(t) == a.sam_function {
        let o = function_reach(r, s.set);
        match o.truth {
            Tri::True => found(
                format!("the function's role may invoke {}", o.evidence.detail),
                None,
            ),
            _ => o,
        }
    } else {
        Outcome::unknown(format!("{t} is not an API entry point"))
    }
}

/// A throttling limit: set (a number, -1 meaning "disabled"), not set, or unknown.
fn limit_set(node_value: &Value) -> Tri {
    let n = match node_value {
        Value::Number(n) => Some(*n),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        Value::Null => return Tri::False,
        _ => None,
    };
    match n {
        Some(n) if n >= 0.0 => Tri::True,
        Some(_) => Tri::False,
        None => Tri::Unknown,
    }
}

/// Any of these paths under `value` sets a limit.
fn any_limit(value: &Value, paths: &[&str]) -> Tri {
    let mut unknown = false;
    for p in paths {
        let found = lookup(value, p);
        unknown |= found.unknown;
        for n in found.nodes {
            match limit_set(&n.value) {
                Tri::True => return Tri::True,
                Tri::Unknown => unknown = true,
                Tri::False => {}
            }
        }
    }
    if unknown {
        Tri::Unknown
    } else {
        Tri::False
    }
}

/// Whether `value` names this stage: a reference to it, or its literal name.
fn names_stage(value: &Value, stage: &Resource, name: Option<&Value>) -> Tri {
    let mut refs = Vec::new();
    value.references(&mut refs);
    if refs.iter().any(|r| refers_to(&r.address, &stage.address)) {
        return Tri::True;
    }
    match (value, name) {
        (Value::String(x), Some(Value::String(y))) => {
            if x == y {
                Tri::True
            } else {
                Tri::False
            }
        }
        (Value::Ref(_), _) => Tri::False,
        _ if value.has_unknown() || name.is_none_or(Value::has_unknown) => Tri::Unknown,
        _ => Tri::False,
    }
}

/// AIP-API-003: a REST stage (or a CloudFormation deployment's stage) with no throttling in
/// its method settings and no usage plan with a throttle or quota, or an HTTP API stage
/// with no throttling in its default or per-route settings.
pub(super) fn api_stage_unthrottled(s: &Subject) -> Outcome {
    let Some((_, a)) = api_vocab(s.resource.format) else {
        return Outcome::unknown("this input format has no API stages");
    };
    let stage = s.resource;
    let t = stage.resource_type.as_str();
    let mut unknown = false;
    // Notes an unknown limit; true when the limit is set.
    fn verdict_into(unknown: &mut bool, tri: Tri) -> bool {
        *unknown |= tri == Tri::Unknown;
        tri == Tri::True
    }
    if t == a.http_stage {
        if verdict_into(
            &mut unknown,
            any_limit(&stage.attributes, a.http_stage_throttle_paths),
        ) {
            return Outcome::new(Tri::False);
        }
        return if unknown {
            Outcome::unknown("a throttling limit of the stage is not known")
        } else {
            found(
                "neither its default route settings nor its route settings set a throttling limit"
                    .into(),
                None,
            )
        };
    }
    if t != a.rest_stage && Some(t) != a.rest_deployment {
        return Outcome::unknown(format!("{t} is not an API stage"));
    }
    if verdict_into(
        &mut unknown,
        any_limit(&stage.attributes, a.stage_throttle_paths),
    ) {
        return Outcome::new(Tri::False);
    }
    let name = stage.attr(a.stage_name).map(|n| &n.value);
    let api = stage.attr(a.rest_api_key).map(|n| &n.value);
    let same_api = |v: Option<&Value>| match (v, api) {
        (Some(x), Some(y)) => same(x, y),
        _ => Tri::Unknown,
    };
    if let Some((mtype, mstage, paths)) = a.method_settings {
        for ms in s.set.of_type(mtype) {
            let Some(stage_ref) = ms.attr(mstage) else {
                continue;
            };
            let mut applies = names_stage(&stage_ref.value, stage, name);
            if applies == Tri::True && !matches!(stage_ref.value, Value::Ref(_)) {
                // The same stage name in another API is another stage.
                applies = same_api(ms.attr(a.rest_api_key).map(|n| &n.value));
            }
            match applies {
                Tri::True => {
                    if verdict_into(&mut unknown, any_limit(&ms.attributes, paths)) {
                        return Outcome::new(Tri::False);
                    }
                }
                Tri::Unknown => unknown = true,
                Tri::False => {}
            }
        }
    }
    let up = &a.usage_plan;
    for plan in s.set.of_type(up.plan) {
        for entry in lookup(&plan.attributes, up.stages).nodes {
            let api_match = same_api(entry.value.get(up.api).map(|n| &n.value));
            let stage_match = match entry.value.get(up.stage) {
                Some(n) => names_stage(&n.value, stage, name),
                None => Tri::False,
            };
            let applies = match (api_match, stage_match) {
                (Tri::False, _) | (_, Tri::False) => Tri::False,
                (Tri::True, Tri::True) => Tri::True,
                _ => Tri::Unknown,
            };
            match applies {
                Tri::True => {
                    let plan_limit = any_limit(&plan.attributes, up.plan_limits);
                    let stage_limit = any_limit(&entry.value, up.stage_limits);
                    if verdict_into(&mut unknown, plan_limit)
                        || verdict_into(&mut unknown, stage_limit)
                    {
                        return Outcome::new(Tri::False);
                    }
                }
                Tri::Unknown => unknown = true,
                Tri::False => {}
            }
        }
    }
    if unknown {
        Outcome::unknown("whether a method setting or usage plan throttles this stage is not known")
    } else {
        found(
            "no method settings set a throttling limit and no usage plan with a throttle or quota covers it"
                .into(),
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::cond::Settings;
    use crate::source::cloudformation::{load_template, CfnOptions};
    use crate::source::SourceFile;

    fn template(text: &str) -> ResourceSet {
        let source = SourceFile {
            rel: "t.yaml".into(),
            abs: std::path::PathBuf::from("t.yaml"),
            text: text.into(),
        };
        let resources = load_template(&source, &CfnOptions::default())
            .expect("a template")
            .expect("parses");
        ResourceSet::new(resources)
    }

    fn run(check: fn(&Subject) -> Outcome, set: &ResourceSet, address: &str) -> Outcome {
        let resource = set.get(address).expect("resource");
        check(&Subject {
            resource,
            value: &resource.attributes,
            set,
            settings: &Settings::default(),
        })
    }

    const STACK: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonBedrockFullAccess]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationUri: !GetAtt Fn.Arn
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: POST /chat
      Target: !Sub "integrations/${Integration}"
  Health:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: GET /health
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: prod
      DefaultRouteSettings:
        ThrottlingRateLimit: -1
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: NONE
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: WEBSOCKET
  WsIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Ws
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"
  WsConnect:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Ws
      RouteKey: $connect
  WsMessage:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Ws
      RouteKey: sendMessage
      Target: !Sub "integrations/${WsIntegration}"
"#;

    #[test]
    fn routes_front_ai_through_their_own_integration() {
        let set = template(STACK);
        let route = run(entry_point_fronts_ai, &set, "Route");
        assert_eq!(route.truth, Tri::True);
        assert_eq!(
            route.evidence.detail,
            "Integration calls Fn, whose role may invoke bedrock"
        );
        // A route without a target reaches nothing.
        assert_eq!(run(entry_point_fronts_ai, &set, "Health").truth, Tri::False);
        assert_eq!(run(entry_point_fronts_ai, &set, "Url").truth, Tri::True);
        assert_eq!(run(entry_point_fronts_ai, &set, "Stage").truth, Tri::True);
    }

    #[test]
    fn websocket_apis_authorize_on_connect_only() {
        let set = template(STACK);
        assert_eq!(
            run(entry_point_fronts_ai, &set, "WsConnect").truth,
            Tri::True
        );
        assert_eq!(
            run(entry_point_fronts_ai, &set, "WsMessage").truth,
            Tri::False
        );
    }

    #[test]
    fn minus_one_disables_throttling() {
        let set = template(STACK);
        assert_eq!(run(api_stage_unthrottled, &set, "Stage").truth, Tri::True);
        let throttled =
            template(&STACK.replace("ThrottlingRateLimit: -1", "ThrottlingRateLimit: 5"));
        assert_eq!(
            run(api_stage_unthrottled, &throttled, "Stage").truth,
            Tri::False
        );
    }

    #[test]
    fn usage_plans_count_only_for_their_own_stage() {
        let set = template(
            r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Other:
    Type: AWS::ApiGateway::RestApi
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
  OtherPlan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref Other
          Stage: prod
      Throttle:
        RateLimit: 10
  QuotaPlan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref Api
          Stage: prod
      Quota:
        Limit: 1000
        Period: DAY
"#,
        );
        assert_eq!(run(api_stage_unthrottled, &set, "Stage").truth, Tri::False);
        let without = template(&set_text_without_quota());
        assert_eq!(
            run(api_stage_unthrottled, &without, "Stage").truth,
            Tri::True
        );
    }

    fn set_text_without_quota() -> String {
        r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Other:
    Type: AWS::ApiGateway::RestApi
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
  OtherPlan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref Other
          Stage: prod
      Throttle:
        RateLimit: 10
"#
        .to_string()
    }
}
