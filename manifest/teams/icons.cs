// Draws OpsBot's two Teams icons into this folder: color.png (192×192, a white rocket with an amber flame on a
// rounded square of the accent colour) and outline.png (32×32, the same rocket in white on a fully transparent
// background, as Teams asks of an outline icon). Run from the repository's root:
//
//     dotnet run manifest/teams/icons.cs
//
// No package: the shapes are tested per sample (4×4 samples a pixel for the edges), and the PNGs are written with
// System.IO.Compression's zlib (8-bit RGBA, no filter), so the output depends only on this file.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

var folder = Path.Combine(Directory.GetCurrentDirectory(), "manifest", "teams");
if (!Directory.Exists(folder))
{
    Console.Error.WriteLine("Run this from the repository's root: dotnet run manifest/teams/icons.cs");
    return 1;
}

File.WriteAllBytes(Path.Combine(folder, "color.png"), Icons.Png(192, Icons.Color));
File.WriteAllBytes(Path.Combine(folder, "outline.png"), Icons.Png(32, Icons.Outline));
Console.WriteLine($"Wrote {Path.Combine(folder, "color.png")} and {Path.Combine(folder, "outline.png")}.");
return 0;

internal static class Icons
{
    private const int Samples = 4;

    private static readonly Rgba Accent = new(0x1d, 0x3b, 0x5a, 255);
    private static readonly Rgba White = new(255, 255, 255, 255);
    private static readonly Rgba Flame = new(0xf5, 0x9e, 0x0b, 255);
    private static readonly Rgba None = new(0, 0, 0, 0);

    /// <summary>The colour icon's sample at (x, y) in [0, 1]²: the rounded square, the rocket over it.</summary>
    public static Rgba Color(double x, double y)
    {
        if (!InRoundedSquare(x, y, radius: 0.2))
            return None;
        var (u, v) = Rocket(x, y, scale: 0.62);
        return Part(u, v) switch
        {
            RocketPart.Body or RocketPart.Fin => White,
            RocketPart.Flame => Flame,
            _ => Accent,
        };
    }

    /// <summary>The outline icon's sample: white where the rocket is (the window stays a hole), else transparent.</summary>
    public static Rgba Outline(double x, double y)
    {
        var (u, v) = Rocket(x, y, scale: 0.92);
        return Part(u, v) is RocketPart.None or RocketPart.Window ? None : White;
    }

    /// <summary>(x, y) in the rocket's own frame: it points up in that frame, and is drawn turned 45° to the right.</summary>
    private static (double U, double V) Rocket(double x, double y, double scale)
    {
        var (dx, dy) = ((x - 0.5) / scale, (y - 0.5) / scale);
        var c = Math.Sqrt(0.5);
        // Turning the picture 45° clockwise is turning each sample 45° anticlockwise into the rocket's frame (y down).
        return (0.5 + (c * dx) + (c * dy), 0.5 - (c * dx) + (c * dy));
    }

    private enum RocketPart
    {
        None,
        Body,
        Window,
        Fin,
        Flame,
    }

    /// <summary>The rocket, pointing up in [0, 1]²: nose at the top, fins at the bottom, then a gap and the flame.</summary>
    private static RocketPart Part(double u, double v)
    {
        var off = Math.Abs(u - 0.5);
        if (Square(u - 0.5) + Square(v - 0.40) <= Square(0.06))
            return RocketPart.Window;
        // Body: an ogive nose from v = 0.08 to 0.42, then a slightly narrowing tube down to v = 0.70.
        if (v is >= 0.08 and <= 0.42 && off <= 0.14 * (1 - Square((0.42 - v) / 0.34)))
            return RocketPart.Body;
        if (v is > 0.42 and <= 0.70 && off <= 0.14 - (0.02 * (v - 0.42) / 0.28))
            return RocketPart.Body;
        // Fins: a triangle on each side, from the middle of the tube out and down.
        if (InTriangle(off, v, (0.10, 0.50), (0.27, 0.78), (0.10, 0.70)))
            return RocketPart.Fin;
        // Flame: a drop under the tube, apart from it.
        if (v is >= 0.74 and <= 0.95 && off <= 0.075 * (1 - ((v - 0.74) / 0.21)))
            return RocketPart.Flame;
        return RocketPart.None;
    }

    private static bool InRoundedSquare(double x, double y, double radius)
    {
        var dx = Math.Max(Math.Max(radius - x, x - (1 - radius)), 0);
        var dy = Math.Max(Math.Max(radius - y, y - (1 - radius)), 0);
        return Square(dx) + Square(dy) <= Square(radius);
    }

    private static bool InTriangle(double x, double y, (double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
    {
        static double Side(double px, double py, (double X, double Y) p, (double X, double Y) q) => ((q.X - p.X) * (py - p.Y)) - ((q.Y - p.Y) * (px - p.X));
        var (s1, s2, s3) = (Side(x, y, a, b), Side(x, y, b, c), Side(x, y, c, a));
        return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
    }

    private static double Square(double d) => d * d;

    /// <summary>A size×size RGBA PNG of <paramref name="shade"/>, each pixel the average of Samples² samples (colour weighted by alpha).</summary>
    public static byte[] Png(int size, Func<double, double, Rgba> shade)
    {
        var raw = new byte[size * ((size * 4) + 1)];
        for (var py = 0; py < size; py++)
        {
            var row = py * ((size * 4) + 1);
            raw[row] = 0; // filter: none
            for (var px = 0; px < size; px++)
            {
                double r = 0, g = 0, b = 0, a = 0;
                for (var sy = 0; sy < Samples; sy++)
                {
                    for (var sx = 0; sx < Samples; sx++)
                    {
                        var s = shade((px + ((sx + 0.5) / Samples)) / size, (py + ((sy + 0.5) / Samples)) / size);
                        r += s.R * s.A;
                        g += s.G * s.A;
                        b += s.B * s.A;
                        a += s.A;
                    }
                }
                var at = row + 1 + (px * 4);
                if (a > 0)
                {
                    raw[at] = (byte)Math.Round(r / a);
                    raw[at + 1] = (byte)Math.Round(g / a);
                    raw[at + 2] = (byte)Math.Round(b / a);
                    raw[at + 3] = (byte)Math.Round(a / (Samples * Samples));
                }
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type: RGBA
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
                zlib.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        png.Write(buffer);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typed));
        png.Write(buffer);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xffffffffu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xedb88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}

internal readonly record struct Rgba(byte R, byte G, byte B, byte A);
