using System.Globalization;

namespace OpsBot.Sandbox.Slack;

/// <summary>The files v2 flow's state: upload tickets handed out by <c>files.getUploadURLExternal</c>, the bytes
/// posted to their upload URLs, and the files completed by <c>files.completeUploadExternal</c>.</summary>
public sealed partial class FakeSlackWorkspace
{
    private readonly Dictionary<string, Upload> _uploads = new(StringComparer.Ordinal);
    private int _fileCounter;

    /// <summary>The bytes of an uploaded file, or null when no bytes were uploaded for that id.</summary>
    /// <param name="id">The file id (<c>F...</c>).</param>
    public byte[]? File(string id)
    {
        lock (_gate)
            return _uploads.TryGetValue(id, out var upload) ? upload.Bytes?.ToArray() : null;
    }

    /// <summary>A completed file as it appears on messages, or null when it was not completed.</summary>
    /// <param name="id">The file id (<c>F...</c>).</param>
    public FakeSlackFile? FileInfo(string id)
    {
        lock (_gate)
            return _uploads.TryGetValue(id, out var upload) ? upload.Completed : null;
    }

    /// <summary>Opens an upload ticket: a new file id that expects exactly <paramref name="length"/> bytes.</summary>
    internal string OpenUpload(string filename, long length, string? altText, string? snippetType)
    {
        lock (_gate)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"F0{++_fileCounter:D9}");
            _uploads[id] = new Upload(id, filename, length, altText, snippetType);
            return id;
        }
    }

    /// <summary>Stores the bytes posted to a ticket's upload URL. Answers the reason when they are refused: an unknown
    /// or already completed ticket, or a length other than the one declared.</summary>
    internal UploadRefusal? StoreUpload(string id, byte[] bytes)
    {
        lock (_gate)
        {
            if (!_uploads.TryGetValue(id, out var upload) || upload.Completed is not null)
                return UploadRefusal.UnknownTicket;
            if (bytes.LongLength != upload.Length)
                return UploadRefusal.LengthMismatch;
            upload.Bytes = bytes;
            return null;
        }
    }

    internal long? DeclaredLength(string id)
    {
        lock (_gate)
            return _uploads.TryGetValue(id, out var upload) ? upload.Length : null;
    }

    /// <summary>Completes uploaded files (all or none): each must have a ticket whose bytes arrived and that was not
    /// completed before. Returns the files, or null when one of them is not completable (<c>file_not_found</c>).</summary>
    internal IReadOnlyList<FakeSlackFile>? CompleteUploads(IReadOnlyList<(string Id, string? Title)> files, Uri baseUrl)
    {
        lock (_gate)
        {
            var uploads = new List<(Upload Upload, string? Title)>();
            foreach (var (id, title) in files)
            {
                if (!_uploads.TryGetValue(id, out var upload) || upload.Bytes is null || upload.Completed is not null)
                    return null;
                uploads.Add((upload, title));
            }
            var done = new List<FakeSlackFile>();
            foreach (var (upload, title) in uploads)
            {
                upload.Completed = new FakeSlackFile(upload.Id, upload.Filename, string.IsNullOrEmpty(title) ? upload.Filename : title,
                    MimeTypes.For(upload.Filename), upload.Length, new Uri(baseUrl, $"sandbox/files/{upload.Id}").ToString());
                done.Add(upload.Completed);
            }
            return done;
        }
    }

    /// <summary>Why the bytes posted to an upload URL were refused.</summary>
    internal enum UploadRefusal
    {
        UnknownTicket,
        LengthMismatch,
    }

    private sealed class Upload(string id, string filename, long length, string? altText, string? snippetType)
    {
        public string Id { get; } = id;
        public string Filename { get; } = filename;
        public long Length { get; } = length;
        public string? AltText { get; } = altText;
        public string? SnippetType { get; } = snippetType;
        public byte[]? Bytes { get; set; }
        public FakeSlackFile? Completed { get; set; }
    }
}
