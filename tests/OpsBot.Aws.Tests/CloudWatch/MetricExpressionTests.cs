using OpsBot.Aws.CloudWatch;

namespace OpsBot.Aws.Tests.CloudWatch;

public sealed class MetricExpressionTests
{
    private static readonly Dictionary<string, string> Renames = new(StringComparer.Ordinal)
    {
        ["m1"] = "c3_0",
        ["m2"] = "c3_1",
        ["errors"] = "c3_2",
        ["Total"] = "c3_3",
    };

    [Theory]
    [InlineData("100 * m1 / m2", "100 * c3_0 / c3_1")]
    [InlineData("100*m1/m2", "100*c3_0/c3_1")]
    [InlineData("IF(m2 > 0, 100 * m1 / m2, 0)", "IF(c3_1 > 0, 100 * c3_0 / c3_1, 0)")]
    [InlineData("FILL(errors, 0) + m10 + m1_x + xm1", "FILL(c3_2, 0) + m10 + m1_x + xm1")]
    [InlineData("(Total - m1) / Total", "(c3_3 - c3_0) / c3_3")]
    [InlineData("m1 * 1e3 + m2 * 2.5E-1 - 0x1", "c3_0 * 1e3 + c3_1 * 2.5E-1 - 0x1")]
    [InlineData("SEARCH('{AWS/SQS,QueueName} m1 MetricName=\"errors\"', 'Sum', 60) + m1", "SEARCH('{AWS/SQS,QueueName} m1 MetricName=\"errors\"', 'Sum', 60) + c3_0")]
    [InlineData("\"m1 \\\" m2\" + m2", "\"m1 \\\" m2\" + c3_1")]
    [InlineData("SUM([m1, m2])", "SUM([c3_0, c3_1])")]
    [InlineData("M1 + m1", "M1 + c3_0")]
    [InlineData("m1 + 'unterminated m2", "c3_0 + 'unterminated m2")]
    public void Renames_the_ids_the_expression_refers_to_token_by_token(string expression, string expected) =>
        Assert.Equal(expected, MetricExpression.Rename(expression, Renames));
}
